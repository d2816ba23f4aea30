// The customer risk-tolerance questionnaire (M2.2-a, M2.4-b): versioned questions whose
// options are scored by configuration (suitability-config.ts), a total mapped to C1..C5
// by configured boundaries, each answer's contribution, and flags for answers that
// contradict each other. Pure: worked examples in docs/suitability.md.

export type QuestionCategory =
  'FINANCIAL_SITUATION' | 'EXPERIENCE' | 'OBJECTIVES' | 'HORIZON' | 'LOSS_TOLERANCE';

export interface Question {
  readonly id: string;
  readonly category: QuestionCategory;
  readonly text: string;
  readonly options: readonly { readonly id: string; readonly text: string }[];
}

export const QUESTIONNAIRE_VERSION = '2026-11';

const abcd = (a: string, b: string, c: string, d: string) => [
  { id: 'A', text: a },
  { id: 'B', text: b },
  { id: 'C', text: c },
  { id: 'D', text: d },
];

export const QUESTIONS: readonly Question[] = [
  {
    id: 'income',
    category: 'FINANCIAL_SITUATION',
    text: 'Your household annual income',
    options: abcd(
      'Below 100,000 yuan',
      '100,000-300,000 yuan',
      '300,000-1,000,000 yuan',
      'Above 1,000,000 yuan',
    ),
  },
  {
    id: 'investedShare',
    category: 'FINANCIAL_SITUATION',
    text: 'The share of your net assets you plan to invest',
    options: abcd('More than 50%', '20%-50%', '5%-20%', 'Less than 5%'),
  },
  {
    id: 'debt',
    category: 'FINANCIAL_SITUATION',
    text: 'Debt repayments as a share of your income',
    options: abcd('More than 50%', '20%-50%', 'Less than 20%', 'No debt'),
  },
  {
    id: 'experienceYears',
    category: 'EXPERIENCE',
    text: 'Years you have invested in funds, bonds or shares',
    options: abcd('None', 'Less than 2 years', '2-5 years', 'More than 5 years'),
  },
  {
    id: 'productsHeld',
    category: 'EXPERIENCE',
    text: 'The most complex product you have held',
    options: abcd(
      'Bank deposits only',
      'Money-market or bond funds',
      'Equity funds or shares',
      'Structured products, derivatives or P2P loans',
    ),
  },
  {
    id: 'selfAssessment',
    category: 'EXPERIENCE',
    text: 'How you describe yourself as an investor',
    options: abcd(
      'No experience',
      'Some experience',
      'Experienced investor',
      'Professional investor',
    ),
  },
  {
    id: 'objective',
    category: 'OBJECTIVES',
    text: 'Your main objective',
    options: abcd('Preserve capital', 'Steady income', 'Balanced growth', 'Maximum growth'),
  },
  {
    id: 'horizon',
    category: 'HORIZON',
    text: 'How long you expect to stay invested',
    options: abcd('Less than 1 year', '1-3 years', '3-5 years', 'More than 5 years'),
  },
  {
    id: 'maxLoss',
    category: 'LOSS_TOLERANCE',
    text: 'The largest loss in a year you could accept',
    options: abcd('No loss', 'Up to 10%', '10%-30%', 'More than 30%'),
  },
  {
    id: 'drawdownReaction',
    category: 'LOSS_TOLERANCE',
    text: 'If your investment fell 20% in a month, you would',
    options: abcd('Sell everything', 'Sell part of it', 'Hold', 'Buy more'),
  },
];

export type CustomerLevel = 1 | 2 | 3 | 4 | 5;

export interface ScoringConfig {
  readonly version: string;
  /** Points per option, per question. */
  readonly scores: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Minimum total for C2, C3, C4 and C5 (ascending). */
  readonly boundaries: readonly [number, number, number, number];
  /** How long an assessment stays valid. */
  readonly validityDays: number;
}

export interface Contribution {
  readonly questionId: string;
  readonly answer: string;
  readonly points: number;
}

export interface InconsistencyFlag {
  readonly code: string;
  readonly questions: readonly string[];
  readonly detail: string;
}

export interface AssessmentResult {
  readonly questionnaireVersion: string;
  readonly score: number;
  readonly level: CustomerLevel;
  readonly contributions: readonly Contribution[];
  readonly flags: readonly InconsistencyFlag[];
  readonly assessedAt: string;
  readonly expiresAt: string;
}

export class AnswerError extends Error {
  constructor(readonly fields: { path: string; reason: string }[]) {
    super('answers are not valid');
    this.name = 'AnswerError';
  }
}

/** Answers that contradict each other: kept with the result for staff to see. */
const RULES: {
  code: string;
  questions: [string, string];
  when: (a: Readonly<Record<string, string>>) => boolean;
  detail: string;
}[] = [
  {
    code: 'EXPERIENCE_CONTRADICTION',
    questions: ['experienceYears', 'selfAssessment'],
    when: (a) =>
      a.experienceYears === 'A' && (a.selfAssessment === 'C' || a.selfAssessment === 'D'),
    detail:
      'No investment experience, yet describes themself as an experienced or professional investor.',
  },
  {
    code: 'PRODUCTS_WITHOUT_EXPERIENCE',
    questions: ['experienceYears', 'productsHeld'],
    when: (a) => a.experienceYears === 'A' && (a.productsHeld === 'C' || a.productsHeld === 'D'),
    detail: 'No investment experience, yet has held equity, structured or P2P products.',
  },
  {
    code: 'GROWTH_WITH_SHORT_HORIZON',
    questions: ['objective', 'horizon'],
    when: (a) => a.objective === 'D' && a.horizon === 'A',
    detail: 'Seeks maximum growth over less than a year.',
  },
  {
    code: 'LOSS_TOLERANCE_CONTRADICTION',
    questions: ['maxLoss', 'drawdownReaction'],
    when: (a) =>
      (a.maxLoss === 'A' && a.drawdownReaction === 'D') ||
      (a.maxLoss === 'D' && a.drawdownReaction === 'A'),
    detail: 'The loss they accept and what they would do after a 20% fall disagree.',
  },
];

export function levelOf(score: number, boundaries: readonly number[]): CustomerLevel {
  let level = 1;
  for (const b of boundaries) if (score >= b) level += 1;
  return level as CustomerLevel;
}

/** Scores a complete set of answers ({questionId: optionId}) under the configured table. */
export function assess(
  answers: Readonly<Record<string, string>>,
  config: ScoringConfig,
  now: Date,
): AssessmentResult {
  const fields: { path: string; reason: string }[] = [];
  for (const q of QUESTIONS) {
    const a = answers[q.id];
    if (a === undefined) fields.push({ path: `answers.${q.id}`, reason: 'is required' });
    else if (!q.options.some((o) => o.id === a))
      fields.push({
        path: `answers.${q.id}`,
        reason: `must be one of ${q.options.map((o) => o.id).join(', ')}`,
      });
  }
  for (const id of Object.keys(answers)) {
    if (!QUESTIONS.some((q) => q.id === id))
      fields.push({ path: `answers.${id}`, reason: 'is not a question of this questionnaire' });
  }
  if (fields.length) throw new AnswerError(fields);
  const contributions = QUESTIONS.map((q) => {
    const answer = answers[q.id] ?? '';
    return { questionId: q.id, answer, points: config.scores[q.id]?.[answer] ?? 0 };
  });
  const score = contributions.reduce((s, c) => s + c.points, 0);
  const expires = new Date(now.getTime() + config.validityDays * 86_400_000);
  return {
    questionnaireVersion: config.version,
    score,
    level: levelOf(score, config.boundaries),
    contributions,
    flags: RULES.filter((r) => r.when(answers)).map(({ code, questions, detail }) => ({
      code,
      questions,
      detail,
    })),
    assessedAt: now.toISOString(),
    expiresAt: expires.toISOString(),
  };
}

/** The lowest and highest totals the table allows (for validating boundaries). */
export function scoreRange(scores: ScoringConfig['scores']): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (const q of QUESTIONS) {
    const pts = Object.values(scores[q.id] ?? {});
    min += Math.min(...pts);
    max += Math.max(...pts);
  }
  return { min, max };
}
