// Training (M5.2-a): courses by role, the training roster, assessment attempts, and who is
// overdue per course and per person.
import { randomUUID } from 'node:crypto';
import type { StaffGroup } from '../../kernel';
import { NotFoundError, Refusal } from '../../platform';
import { businessDate } from '../domain/calendar';
import {
  completion,
  courseProgress,
  overdueByPerson,
  TrainingRefused,
  type Completion,
  type Course,
  type CourseProgress,
  type PersonOverdue,
  type RosterEntry,
} from '../domain/training';
import { change, nowIso, type Keyed, type ManagementDeps, type Staff } from './management-deps';

export interface CourseInput {
  readonly title: string;
  readonly roles: readonly StaffGroup[];
  readonly passMark: number;
  readonly dueBy: string;
  readonly areas: readonly string[];
}

export function createCourse(
  staff: Staff,
  req: Keyed<CourseInput>,
  deps: ManagementDeps,
): Promise<Course> {
  return change(staff, req, { course: 'new' }, deps, async () => {
    const course: Course = {
      courseId: `CRS-${randomUUID().slice(0, 8)}`,
      ...req.input,
      by: staff.username,
      at: nowIso(deps),
      version: 1,
    };
    return {
      answer: course,
      audit: {
        subject: `course.${course.courseId}`,
        action: 'COURSE_CREATED',
        fields: [
          `roles:${course.roles.join('+')}`,
          `passMark:${course.passMark}`,
          `dueBy:${course.dueBy}`,
        ],
        reason: course.title,
      },
      write: (tx) => deps.repo.putCourse(tx, course),
    };
  });
}

/**
 * Who holds which roles for training. `version` names the entry read (absent for a new
 * one), so two officers' changes do not both win.
 */
export function setRosterEntry(
  staff: Staff,
  req: Keyed<{
    username: string;
    roles: readonly StaffGroup[];
    version?: number | undefined;
    reason: string;
  }>,
  deps: ManagementDeps,
): Promise<RosterEntry> {
  return change(staff, req, { roster: req.input.username }, deps, async () => {
    const current = await deps.repo.rosterEntry(req.input.username);
    const read = current?.version;
    if (read !== req.input.version)
      throw new Refusal(
        'CONCURRENT_CHANGE',
        read === undefined
          ? `${req.input.username} is not on the roster: send no version.`
          : `The roster entry is at version ${read}; read it again.`,
      );
    const entry: RosterEntry = {
      username: req.input.username,
      roles: req.input.roles,
      by: staff.username,
      at: nowIso(deps),
      version: (read ?? 0) + 1,
    };
    return {
      answer: entry,
      audit: {
        subject: `roster.${entry.username}`,
        action: 'ROSTER_SET',
        fields: [`roles:${entry.roles.join('+')}`, `version:${entry.version}`],
        reason: req.input.reason,
      },
      write: (tx) => deps.repo.putRosterEntry(tx, entry),
    };
  });
}

export async function listRoster(deps: ManagementDeps): Promise<{ items: RosterEntry[] }> {
  return { items: await deps.repo.roster() };
}

/** An assessment attempt of an assigned staff member: passed at the course's pass mark. */
export function recordCompletion(
  staff: Staff,
  courseId: string,
  req: Keyed<{ username: string; score: number; completedOn: string }>,
  deps: ManagementDeps,
): Promise<Completion> {
  return change(staff, req, { course: courseId }, deps, async () => {
    const [course, person, earlier] = await Promise.all([
      deps.repo.course(courseId),
      deps.repo.rosterEntry(req.input.username),
      deps.repo.completions(courseId, req.input.username),
    ]);
    if (!course) throw new NotFoundError('COURSE_NOT_FOUND', `No course ${courseId}.`);
    if (req.input.completedOn > businessDate(deps.clock.now()))
      throw new Refusal('VALIDATION_FAILED', 'The assessment cannot be taken in the future.', [
        { path: 'body.completedOn', reason: 'is after today' },
      ]);
    let done: Completion;
    try {
      done = completion(course, person, earlier, req.input, staff.username, nowIso(deps));
    } catch (e) {
      if (e instanceof TrainingRefused)
        throw new Refusal('TRAINING_NOT_ASSIGNED', e.message, [
          { path: 'body.username', reason: 'is not assigned this course' },
        ]);
      throw e;
    }
    return {
      answer: done,
      audit: {
        subject: `course.${courseId}`,
        action: 'TRAINING_COMPLETED',
        fields: [
          `staff:${done.username}`,
          `attempt:${done.attempt}`,
          `score:${done.score}`,
          done.passed ? 'passed' : 'failed',
        ],
        reason: `assessment of ${done.completedOn}`,
      },
      write: (tx) => deps.repo.putCompletion(tx, done),
    };
  });
}

/** Every course with its progress, as of today. */
export async function listCourses(
  deps: ManagementDeps,
): Promise<{ asOf: string; items: CourseProgress[] }> {
  const today = businessDate(deps.clock.now());
  const [courses, roster] = await Promise.all([deps.repo.courses(), deps.repo.roster()]);
  const items = await Promise.all(
    courses.map(async (c) =>
      courseProgress(c, roster, await deps.repo.completions(c.courseId), today),
    ),
  );
  return { asOf: today, items };
}

/** Who is overdue: per course (courses with anyone overdue) and per person. */
export async function trainingOverdue(
  query: { courseId?: string | undefined; username?: string | undefined },
  deps: ManagementDeps,
): Promise<{ asOf: string; byCourse: CourseProgress[]; byPerson: PersonOverdue[] }> {
  const today = businessDate(deps.clock.now());
  const [all, roster] = await Promise.all([deps.repo.courses(), deps.repo.roster()]);
  const courses = all.filter((c) => !query.courseId || c.courseId === query.courseId);
  const attempts = new Map(
    await Promise.all(
      courses.map(async (c) => [c.courseId, await deps.repo.completions(c.courseId)] as const),
    ),
  );
  const byCourse = courses
    .map((c) => courseProgress(c, roster, attempts.get(c.courseId) ?? [], today))
    .filter((p) => p.overdue.length > 0);
  const byPerson = overdueByPerson(courses, roster, attempts, today).filter(
    (p) => !query.username || p.username === query.username,
  );
  return {
    asOf: today,
    byCourse: query.username
      ? byCourse
          .map((p) => ({ ...p, overdue: p.overdue.filter((s) => s.username === query.username) }))
          .filter((p) => p.overdue.length > 0)
      : byCourse,
    byPerson,
  };
}
