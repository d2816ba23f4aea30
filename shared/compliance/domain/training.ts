// Training (M5.2-a): courses assigned to staff roles (the staff groups), each with a pass mark
// and a due date; completions recorded with their assessment score (every attempt kept);
// who is overdue, per course and per person. Who holds which role for training is the
// compliance team's roster (docs/compliance-management.md says why it is not read from the
// staff pool). Pure.
import type { StaffGroup } from '../../kernel';
import { daysFrom } from './calendar';

export interface Course {
  readonly courseId: string;
  readonly title: string;
  readonly roles: readonly StaffGroup[];
  /** The assessment's pass mark, 0..100. */
  readonly passMark: number;
  /** YYYY-MM-DD: completed with a pass by then. */
  readonly dueBy: string;
  readonly areas: readonly string[];
  readonly by: string;
  readonly at: string;
  readonly version: number;
}

export interface RosterEntry {
  readonly username: string;
  readonly roles: readonly StaffGroup[];
  readonly by: string;
  readonly at: string;
  readonly version: number;
}

export interface Completion {
  readonly courseId: string;
  readonly username: string;
  readonly attempt: number;
  readonly score: number;
  readonly passed: boolean;
  /** YYYY-MM-DD the assessment was taken. */
  readonly completedOn: string;
  readonly recordedBy: string;
  readonly at: string;
}

export class TrainingRefused extends Error {
  override readonly name = 'TrainingRefused';
}

/** Whether a course is assigned to a staff member (one of their roles is one of its roles). */
export const assigned = (course: Pick<Course, 'roles'>, person: Pick<RosterEntry, 'roles'>) =>
  course.roles.some((r) => person.roles.includes(r));

/** An attempt of a staff member at a course's assessment (the next attempt number). */
export function completion(
  course: Course,
  person: RosterEntry | undefined,
  earlier: readonly Completion[],
  input: { username: string; score: number; completedOn: string },
  recordedBy: string,
  at: string,
): Completion {
  if (!person || !assigned(course, person))
    throw new TrainingRefused(
      `${input.username} holds none of the roles ${course.roles.join(', ')} on the training roster.`,
    );
  return {
    courseId: course.courseId,
    username: input.username,
    attempt: earlier.length + 1,
    score: input.score,
    passed: input.score >= course.passMark,
    completedOn: input.completedOn,
    recordedBy,
    at,
  };
}

/** Where one assigned staff member stands on one course. */
export interface Standing {
  readonly username: string;
  readonly status: 'PASSED' | 'DUE' | 'OVERDUE';
  readonly attempts: number;
  readonly bestScore?: number;
  readonly passedOn?: string;
  /** Days past the due date (OVERDUE only). */
  readonly daysOverdue?: number;
}

export function standing(
  course: Course,
  username: string,
  attempts: readonly Completion[],
  today: string,
): Standing {
  const mine = attempts.filter((c) => c.username === username);
  const best = mine.length ? Math.max(...mine.map((c) => c.score)) : undefined;
  const pass = mine.find((c) => c.passed);
  const base = {
    username,
    attempts: mine.length,
    ...(best === undefined ? {} : { bestScore: best }),
  };
  if (pass) return { ...base, status: 'PASSED', passedOn: pass.completedOn };
  const late = daysFrom(course.dueBy, today);
  return late > 0 ? { ...base, status: 'OVERDUE', daysOverdue: late } : { ...base, status: 'DUE' };
}

export interface CourseProgress {
  readonly courseId: string;
  readonly title: string;
  readonly dueBy: string;
  readonly passMark: number;
  readonly assigned: number;
  readonly passed: number;
  readonly overdue: readonly Standing[];
  readonly due: readonly Standing[];
}

/** Per course: how many are assigned and passed, and who is overdue (longest first). */
export function courseProgress(
  course: Course,
  roster: readonly RosterEntry[],
  attempts: readonly Completion[],
  today: string,
): CourseProgress {
  const all = roster
    .filter((p) => assigned(course, p))
    .map((p) => standing(course, p.username, attempts, today));
  return {
    courseId: course.courseId,
    title: course.title,
    dueBy: course.dueBy,
    passMark: course.passMark,
    assigned: all.length,
    passed: all.filter((s) => s.status === 'PASSED').length,
    overdue: all
      .filter((s) => s.status === 'OVERDUE')
      .sort(
        (a, b) =>
          (b.daysOverdue ?? 0) - (a.daysOverdue ?? 0) || a.username.localeCompare(b.username),
      ),
    due: all.filter((s) => s.status === 'DUE'),
  };
}

export interface PersonOverdue {
  readonly username: string;
  readonly roles: readonly StaffGroup[];
  readonly courses: readonly {
    courseId: string;
    title: string;
    dueBy: string;
    daysOverdue: number;
    attempts: number;
    bestScore?: number;
  }[];
}

/** Per person with anything overdue: the courses, most overdue first. */
export function overdueByPerson(
  courses: readonly Course[],
  roster: readonly RosterEntry[],
  attemptsByCourse: ReadonlyMap<string, readonly Completion[]>,
  today: string,
): PersonOverdue[] {
  const out: PersonOverdue[] = [];
  for (const person of roster) {
    const late = courses
      .filter((c) => assigned(c, person))
      .map((c) => ({
        c,
        s: standing(c, person.username, attemptsByCourse.get(c.courseId) ?? [], today),
      }))
      .filter(({ s }) => s.status === 'OVERDUE')
      .map(({ c, s }) => ({
        courseId: c.courseId,
        title: c.title,
        dueBy: c.dueBy,
        daysOverdue: s.daysOverdue ?? 0,
        attempts: s.attempts,
        ...(s.bestScore === undefined ? {} : { bestScore: s.bestScore }),
      }))
      .sort((a, b) => b.daysOverdue - a.daysOverdue || a.courseId.localeCompare(b.courseId));
    if (late.length) out.push({ username: person.username, roles: person.roles, courses: late });
  }
  return out.sort((a, b) => a.username.localeCompare(b.username));
}
