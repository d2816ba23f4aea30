// M2.2-a..c: the questionnaire scoring, the product rating and the matching rule, pinned
// on the worked examples of docs/suitability.md (edge values at every boundary).
import { describe, expect, it } from 'vitest';
import {
  AnswerError,
  assess,
  levelOf,
  QUESTIONS,
  scoreRange,
} from '../../shared/investing/domain/questionnaire';
import {
  bandOf,
  rate,
  type ProductMetrics,
  type QualitativeFactors,
} from '../../shared/investing/domain/product-rating';
import { checkSuitability } from '../../shared/investing/domain/suitability';
import {
  DEFAULT_SUITABILITY,
  SuitabilityConfigSchema,
} from '../../shared/investing/domain/suitability-config';

const Q = DEFAULT_SUITABILITY.questionnaire;
const now = new Date('2026-11-27T02:00:00Z');
const answers = (letters: string) =>
  Object.fromEntries(QUESTIONS.map((q, i) => [q.id, letters[i] ?? 'A']));

describe('questionnaire (M2.2-a, M2.4-b)', () => {
  it('M2.2-a scores the worked example: Ms Li, 27 points, C2, valid for a year', () => {
    const r = assess(answers('BCCBBBBBBB'), Q, now);
    expect(r.score).toBe(27);
    expect(r.level).toBe(2);
    expect(r.contributions.map((c) => c.points)).toEqual([2, 4, 4, 2, 2, 2, 3, 3, 3, 2]);
    expect(r.expiresAt).toBe('2027-11-27T02:00:00.000Z');
    expect(r.flags).toEqual([]);
  });

  it.each([
    ['AAAAAAAAAA', 0, 1],
    ['AAAAAAAADD', 15, 1],
    ['AAAAAAABDC', 16, 2],
    ['AAAAAACDDD', 30, 2],
    ['AAAAAADDDC', 31, 3],
    ['AAAADDDDDD', 45, 3],
    ['AAACDDCDDD', 46, 4],
    ['ABDDDDDDDD', 58, 4],
    ['ACCDDDDDDD', 59, 5],
    ['DDDDDDDDDD', 68, 5],
  ])('M2.2-a maps %s to %i points, C%i (boundary table)', (letters, score, level) => {
    const r = assess(answers(letters), Q, now);
    expect([r.score, r.level]).toEqual([score, level]);
  });

  it('M2.2-a has at least 10 questions covering all five categories', () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(10);
    expect(new Set(QUESTIONS.map((q) => q.category)).size).toBe(5);
  });

  it('M2.2-a flags inconsistent answers without changing the score', () => {
    const base = answers('BBBBBBBBBB');
    const flagged = assess(
      {
        ...base,
        experienceYears: 'A',
        selfAssessment: 'C',
        productsHeld: 'D',
        objective: 'D',
        horizon: 'A',
        maxLoss: 'A',
        drawdownReaction: 'D',
      },
      Q,
      now,
    );
    expect(flagged.flags.map((f) => f.code).sort()).toEqual([
      'EXPERIENCE_CONTRADICTION',
      'GROWTH_WITH_SHORT_HORIZON',
      'LOSS_TOLERANCE_CONTRADICTION',
      'PRODUCTS_WITHOUT_EXPERIENCE',
    ]);
    expect(flagged.score).toBe(flagged.contributions.reduce((s, c) => s + c.points, 0));
  });

  it('refuses missing, unknown and out-of-range answers, naming each field', () => {
    const a: Record<string, string> = { ...answers('BBBBBBBBBB'), horizon: 'E', extra: 'A' };
    delete a.income;
    try {
      assess(a, Q, now);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AnswerError);
      expect((e as AnswerError).fields.map((f) => f.path).sort()).toEqual([
        'answers.extra',
        'answers.horizon',
        'answers.income',
      ]);
    }
  });
});

const M = DEFAULT_SUITABILITY.rating;
const metrics = (m: Partial<ProductMetrics> = {}): ProductMetrics => ({
  annualisedReturnBp: 0,
  volatilityBp: 0,
  sharpeRatio: 0,
  maxDrawdownBp: 0,
  lockUpDays: 0,
  ...m,
});
const plain: QualitativeFactors = {
  leverage: false,
  complexity: 'LOW',
  principalProtected: false,
  marketEnvironment: 'STABLE',
};

describe('product rating (M2.2-b, M2.2-c)', () => {
  it.each([
    [
      'deposit-like',
      'DEPOSIT_LIKE',
      metrics({ annualisedReturnBp: 180 }),
      { ...plain, principalProtected: true },
      0,
      1,
    ],
    [
      'bond fund',
      'BOND_FUND',
      metrics({ annualisedReturnBp: 380, volatilityBp: 300, sharpeRatio: 0.9, maxDrawdownBp: 350 }),
      plain,
      29,
      2,
    ],
    [
      'calm equity fund',
      'EQUITY_FUND',
      metrics({
        annualisedReturnBp: 700,
        volatilityBp: 1200,
        sharpeRatio: 0.7,
        maxDrawdownBp: 1200,
      }),
      plain,
      55,
      3,
    ],
    [
      'volatile equity fund',
      'EQUITY_FUND',
      metrics({
        annualisedReturnBp: 800,
        volatilityBp: 1800,
        sharpeRatio: 0.6,
        maxDrawdownBp: 2500,
      }),
      { ...plain, complexity: 'MEDIUM', marketEnvironment: 'VOLATILE' },
      82,
      4,
    ],
    [
      'leveraged structured note',
      'STRUCTURED',
      metrics({
        annualisedReturnBp: 1200,
        volatilityBp: 2800,
        sharpeRatio: 0.4,
        maxDrawdownBp: 3500,
        lockUpDays: 365,
      }),
      { ...plain, leverage: true, complexity: 'HIGH' },
      142,
      5,
    ],
  ] as const)(
    'M2.2-b rates the worked example %s: %i points, R%i',
    (_n, type, m, q, points, level) => {
      const r = rate(type, m, q, M);
      expect([r.points, r.level]).toEqual([points, level]);
      // The total is the sum of the factors, never below zero.
      expect(r.points).toBe(
        Math.max(
          0,
          r.factors.reduce((s, f) => s + f.points, 0),
        ),
      );
    },
  );

  it('M2.2-c explains the calm equity fund input by input', () => {
    const r = rate(
      'EQUITY_FUND',
      metrics({
        annualisedReturnBp: 700,
        volatilityBp: 1200,
        sharpeRatio: 0.7,
        maxDrawdownBp: 1200,
      }),
      plain,
      M,
    );
    expect(
      Object.fromEntries(r.factors.filter((f) => f.points).map((f) => [f.factor, f.points])),
    ).toEqual({
      type: 30,
      volatility: 12,
      maxDrawdown: 8,
      annualisedReturn: 5,
    });
    expect(r.band).toBe('medium');
  });

  it('M2.2-b raises a P2P loan rated R3 by its points to its type floor R4, and says so', () => {
    const r = rate(
      'P2P_LOAN',
      metrics({ annualisedReturnBp: 800, volatilityBp: 50, sharpeRatio: 1.6 }),
      plain,
      M,
    );
    expect([r.points, r.level]).toEqual([55, 4]);
    expect(r.floorApplied).toEqual({ type: 'P2P_LOAN', from: 3, to: 4 });
  });

  it.each([
    [14, 1],
    [15, 2],
    [34, 2],
    [35, 3],
    [59, 3],
    [60, 4],
    [84, 4],
    [85, 5],
  ])('M2.2-b maps %i points to R%i (boundaries)', (points, level) => {
    const model = { ...M, typeBase: { ...M.typeBase, DEPOSIT_LIKE: points } };
    expect(rate('DEPOSIT_LIKE', metrics(), plain, model).level).toBe(level);
  });

  it.each([
    ['volatility', { volatilityBp: 99 }, 0],
    ['volatility', { volatilityBp: 100 }, 5],
    ['volatility', { volatilityBp: 2500 }, 30],
    ['maxDrawdown', { maxDrawdownBp: 1499 }, 8],
    ['maxDrawdown', { maxDrawdownBp: 1500 }, 15],
    ['annualisedReturn', { annualisedReturnBp: 599 }, 0],
    ['annualisedReturn', { annualisedReturnBp: 600 }, 5],
    ['sharpeRatio', { sharpeRatio: -0.01 }, 5],
    ['sharpeRatio', { sharpeRatio: 1.5 }, -5],
    ['lockUp', { lockUpDays: 90 }, 0],
    ['lockUp', { lockUpDays: 91 }, 5],
    ['lockUp', { lockUpDays: 366 }, 10],
  ] as const)('M2.2-b band edge: %s %j gives %i points', (factor, m, points) => {
    const r = rate('BOND_FUND', metrics(m), plain, M);
    expect(r.factors.find((f) => f.factor === factor)?.points).toBe(points);
  });
});

describe('the rating explained (M2.2-b, M2.2-c)', () => {
  it('M2.2-b maps R1-R2 to low, R3 to medium and R4-R5 to high', () => {
    expect([1, 2, 3, 4, 5].map(bandOf)).toEqual(['low', 'low', 'medium', 'high', 'high']);
  });

  it('M2.2-c lists every input with its points, in order, and a floor only where it raised the level', () => {
    const r = rate('DEPOSIT_LIKE', metrics({ annualisedReturnBp: 180 }), plain, M);
    expect(r.factors.map((f) => f.factor)).toEqual([
      'type',
      'volatility',
      'maxDrawdown',
      'annualisedReturn',
      'sharpeRatio',
      'lockUp',
      'leverage',
      'complexity',
      'principalProtected',
      'marketEnvironment',
    ]);
    expect(r.factors.map((f) => f.input).slice(6)).toEqual([false, 'LOW', false, 'STABLE']);
    // Rated R1 by its points and floored at R1 by its type: no floor applied.
    expect(r.level).toBe(1);
    expect(r).not.toHaveProperty('floorApplied');
  });
});

describe('the matching rule (M2.2-a)', () => {
  const rules = DEFAULT_SUITABILITY.rules;
  const valid = '2027-11-27T00:00:00.000Z';
  const expected = (c: number, r: number) => (r <= c ? 'ok' : c >= 2 && r === c + 1 ? 'ack' : 'no');
  for (let c = 1; c <= 5; c++) {
    for (let r = 1; r <= 5; r++) {
      it(`M2.2-a C${c} buying R${r}: ${expected(c, r)}`, () => {
        const plainBuy = checkSuitability(
          {
            customerLevel: c,
            assessmentExpiresAt: valid,
            productLevel: r,
            acknowledged: false,
            now,
          },
          rules,
        );
        const ackBuy = checkSuitability(
          {
            customerLevel: c,
            assessmentExpiresAt: valid,
            productLevel: r,
            acknowledged: true,
            now,
          },
          rules,
        );
        const e = expected(c, r);
        expect(plainBuy.allowed).toBe(e === 'ok');
        expect(ackBuy.allowed).toBe(e !== 'no');
        if (!plainBuy.allowed) {
          expect(plainBuy.code).toBe('SUITABILITY_MISMATCH');
          expect(plainBuy.acknowledgementAllowed).toBe(e === 'ack');
          expect(plainBuy.explanation).toContain(`R${r}`);
          expect(plainBuy.explanation).toContain(`C${c}`);
        }
        if (ackBuy.allowed) expect(ackBuy.acknowledged).toBe(e === 'ack');
      });
    }
  }

  it('M2.2-a refuses with no assessment, and with an expired one even for R1', () => {
    expect(checkSuitability({ productLevel: 1, acknowledged: true, now }, rules)).toMatchObject({
      allowed: false,
      code: 'ASSESSMENT_REQUIRED',
    });
    expect(
      checkSuitability(
        {
          customerLevel: 5,
          assessmentExpiresAt: now.toISOString(),
          productLevel: 1,
          acknowledged: true,
          now,
        },
        rules,
      ),
    ).toMatchObject({ allowed: false, code: 'ASSESSMENT_EXPIRED' });
  });
});

describe('what the matching rule tells the customer (M2.2-a, M8.2-a)', () => {
  const rules = DEFAULT_SUITABILITY.rules;
  const valid = '2027-11-27T00:00:00.000Z';
  const check = (c: number | undefined, r: number, acknowledged = false, expiresAt = valid) =>
    checkSuitability(
      {
        ...(c === undefined ? {} : { customerLevel: c }),
        ...(expiresAt ? { assessmentExpiresAt: expiresAt } : {}),
        productLevel: r,
        acknowledged,
        now,
      },
      rules,
    );

  it('M2.2-a M8.2-a explains each decision in full: within, acknowledged, acknowledgeable, refused', () => {
    expect(check(3, 2)).toEqual({
      allowed: true,
      acknowledged: false,
      explanation: 'Product R2 is within your risk tolerance C3.',
    });
    expect(check(3, 3)).toMatchObject({ allowed: true, acknowledged: false });
    expect(check(3, 4, true)).toEqual({
      allowed: true,
      acknowledged: true,
      explanation: 'Product R4 is above your risk tolerance C3; you acknowledged the warning.',
    });
    expect(check(3, 4)).toEqual({
      allowed: false,
      code: 'SUITABILITY_MISMATCH',
      explanation:
        'Product R4 is above your risk tolerance C3. Send acknowledgement of the warning to buy it anyway.',
      acknowledgementAllowed: true,
      warning:
        'This product is rated R4, above your risk tolerance C3. You may lose more than you told us you can accept. Buy it only if you understand and accept that risk.',
    });
    expect(check(3, 5, true)).toEqual({
      allowed: false,
      code: 'SUITABILITY_MISMATCH',
      explanation: 'Product R5 is above your risk tolerance C3.',
      acknowledgementAllowed: false,
    });
    // C1 may never acknowledge, and is told why; C2 (the lowest that may) is not.
    expect(check(1, 2, true)).toEqual({
      allowed: false,
      code: 'SUITABILITY_MISMATCH',
      explanation:
        'Product R2 is above your risk tolerance C1; C1 customers cannot buy above their level.',
      acknowledgementAllowed: false,
    });
    expect(check(2, 4).explanation).toBe('Product R4 is above your risk tolerance C2.');
  });

  it('M2.2-a M8.2-a an assessment missing either its level or its expiry is required anew; an expired one names its date', () => {
    const required = {
      allowed: false,
      code: 'ASSESSMENT_REQUIRED',
      explanation: 'Complete the risk-tolerance assessment before buying a product.',
      acknowledgementAllowed: false,
    };
    expect(check(undefined, 1, true)).toEqual(required);
    expect(check(undefined, 1, true, '')).toEqual(required);
    expect(check(5, 1, true, '')).toEqual(required);
    expect(check(5, 1, true, '2026-11-27T02:00:00.000Z')).toEqual({
      allowed: false,
      code: 'ASSESSMENT_EXPIRED',
      explanation:
        'Your risk-tolerance assessment expired on 2026-11-27T02:00:00.000Z; assess again before buying.',
      acknowledgementAllowed: false,
    });
    expect(check(5, 1, false, '2026-11-27T02:00:00.001Z')).toMatchObject({ allowed: true });
  });
});

describe('suitability configuration is validated at load', () => {
  it('accepts the defaults', () => {
    expect(SuitabilityConfigSchema.safeParse(DEFAULT_SUITABILITY).success).toBe(true);
  });

  it.each([
    [
      'an option without points',
      (c: typeof DEFAULT_SUITABILITY) => ({
        ...c,
        questionnaire: {
          ...c.questionnaire,
          scores: { ...c.questionnaire.scores, horizon: { A: 0, B: 3, C: 6 } },
        },
      }),
      'questionnaire.scores.horizon.D',
    ],
    [
      'boundaries out of order',
      (c: typeof DEFAULT_SUITABILITY) => ({
        ...c,
        questionnaire: { ...c.questionnaire, boundaries: [16, 46, 31, 59] },
      }),
      'questionnaire.boundaries',
    ],
    [
      'an unreachable level',
      (c: typeof DEFAULT_SUITABILITY) => ({
        ...c,
        questionnaire: { ...c.questionnaire, boundaries: [16, 31, 46, 69] },
      }),
      'questionnaire.boundaries',
    ],
    [
      'rating bands out of order',
      (c: typeof DEFAULT_SUITABILITY) => ({
        ...c,
        rating: {
          ...c.rating,
          lockUp: [
            { from: 0, points: 0 },
            { from: 366, points: 10 },
            { from: 91, points: 5 },
          ],
        },
      }),
      'rating.lockUp',
    ],
    [
      'C1 allowed to acknowledge',
      (c: typeof DEFAULT_SUITABILITY) => ({ ...c, rules: { ...c.rules, acknowledgeFromLevel: 1 } }),
      'rules.acknowledgeFromLevel',
    ],
  ])('refuses %s', (_n, change, path) => {
    const out = SuitabilityConfigSchema.safeParse(change(DEFAULT_SUITABILITY));
    expect(out.success).toBe(false);
    expect(out.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('suitability configuration: each refusal, with its message (M2.2-a, M2.2-b)', () => {
  const D = DEFAULT_SUITABILITY;
  const issues = (c: unknown) => {
    const out = SuitabilityConfigSchema.safeParse(c);
    return out.success
      ? []
      : out.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (${i.code})`);
  };
  const { min, max } = scoreRange(D.questionnaire.scores);
  const withBoundaries = (b: [number, number, number, number]) => ({
    ...D,
    questionnaire: { ...D.questionnaire, boundaries: b },
  });

  it('M2.2-a refuses equal boundaries and equal band starts: both must strictly ascend', () => {
    const [a, b, , d] = D.questionnaire.boundaries;
    expect(issues(withBoundaries([a, b, b, d]))).toEqual([
      'questionnaire.boundaries: must be strictly ascending (custom)',
    ]);
    const lockUp = [
      { from: 0, points: 0 },
      { from: 91, points: 5 },
      { from: 91, points: 10 },
    ];
    expect(issues({ ...D, rating: { ...D.rating, lockUp } })).toEqual([
      'rating.lockUp: bands must ascend by `from` (custom)',
    ]);
  });

  it('M2.2-a keeps every level reachable: the lowest boundary above the minimum score, the highest at most the maximum', () => {
    const [, b, c] = D.questionnaire.boundaries;
    const reach = `questionnaire.boundaries: every level must be reachable: boundaries within (${min}, ${max}] (custom)`;
    expect(issues(withBoundaries([min, b, c, max]))).toEqual([reach]);
    expect(issues(withBoundaries([min + 1, b, c, max]))).toEqual([]);
    expect(issues(withBoundaries([min + 1, b, c, max + 1]))).toEqual([reach]);
  });

  it('M2.2-a names a question the table does not know, and a missing option, and then judges nothing else', () => {
    const scores = { ...D.questionnaire.scores, colour: { A: 1 } };
    expect(issues({ ...D, questionnaire: { ...D.questionnaire, scores } })).toEqual([
      'questionnaire.scores.colour: not a question (custom)',
    ]);
    const { horizon: _h, ...withoutHorizon } = D.questionnaire.scores;
    // The boundaries are out of reach as well, but the table is judged first.
    expect(
      issues({
        ...D,
        questionnaire: { ...D.questionnaire, scores: withoutHorizon, boundaries: [min, 1, 2, 3] },
      }),
    ).toEqual(
      ['A', 'B', 'C', 'D'].map(
        (o) =>
          `questionnaire.scores.horizon.${o}: every option of every question needs points (custom)`,
      ),
    );
  });
});

describe('the questionnaire, rule by rule (M2.2-a, M2.4-b)', () => {
  const all = (letter: string) => answers(letter.repeat(QUESTIONS.length));
  const flagsOf = (change: Record<string, string>) =>
    assess({ ...all('B'), ...change }, Q, now).flags;

  it('M2.2-a shows every question and option with its own words', () => {
    const texts = QUESTIONS.map((q) => q.text);
    expect(texts.every((t) => t.length >= 10)).toBe(true);
    expect(new Set(texts).size).toBe(texts.length);
    for (const q of QUESTIONS) {
      expect(q.options.map((o) => o.id)).toEqual(['A', 'B', 'C', 'D']);
      const labels = q.options.map((o) => o.text);
      expect(
        labels.every((t) => t.length >= 4),
        q.id,
      ).toBe(true);
      expect(new Set(labels).size, q.id).toBe(4);
    }
    expect(QUESTIONS[0]).toMatchObject({
      id: 'income',
      text: 'Your household annual income',
      options: [
        { id: 'A', text: 'Below 100,000 yuan' },
        { id: 'B', text: '100,000-300,000 yuan' },
        { id: 'C', text: '300,000-1,000,000 yuan' },
        { id: 'D', text: 'Above 1,000,000 yuan' },
      ],
    });
  });

  it('M2.2-a flags each contradiction with its questions and words, and not its near misses', () => {
    const experience = {
      code: 'EXPERIENCE_CONTRADICTION',
      questions: ['experienceYears', 'selfAssessment'],
      detail:
        'No investment experience, yet describes themself as an experienced or professional investor.',
    };
    const products = {
      code: 'PRODUCTS_WITHOUT_EXPERIENCE',
      questions: ['experienceYears', 'productsHeld'],
      detail: 'No investment experience, yet has held equity, structured or P2P products.',
    };
    const growth = {
      code: 'GROWTH_WITH_SHORT_HORIZON',
      questions: ['objective', 'horizon'],
      detail: 'Seeks maximum growth over less than a year.',
    };
    const loss = {
      code: 'LOSS_TOLERANCE_CONTRADICTION',
      questions: ['maxLoss', 'drawdownReaction'],
      detail: 'The loss they accept and what they would do after a 20% fall disagree.',
    };
    const none = { experienceYears: 'B', productsHeld: 'A', selfAssessment: 'A' };
    expect(flagsOf({ ...none, experienceYears: 'A', selfAssessment: 'C' })).toEqual([experience]);
    expect(flagsOf({ ...none, experienceYears: 'A', selfAssessment: 'D' })).toEqual([experience]);
    expect(flagsOf({ ...none, experienceYears: 'A', selfAssessment: 'B' })).toEqual([]);
    expect(flagsOf({ ...none, experienceYears: 'B', selfAssessment: 'D' })).toEqual([]);
    expect(flagsOf({ ...none, experienceYears: 'A', productsHeld: 'C' })).toEqual([products]);
    expect(flagsOf({ ...none, experienceYears: 'A', productsHeld: 'D' })).toEqual([products]);
    expect(flagsOf({ ...none, experienceYears: 'A', productsHeld: 'B' })).toEqual([]);
    expect(flagsOf({ ...none, experienceYears: 'C', productsHeld: 'D' })).toEqual([]);
    expect(flagsOf({ ...none, objective: 'D', horizon: 'A' })).toEqual([growth]);
    expect(flagsOf({ ...none, objective: 'D', horizon: 'B' })).toEqual([]);
    expect(flagsOf({ ...none, objective: 'C', horizon: 'A' })).toEqual([]);
    expect(flagsOf({ ...none, maxLoss: 'A', drawdownReaction: 'D' })).toEqual([loss]);
    expect(flagsOf({ ...none, maxLoss: 'D', drawdownReaction: 'A' })).toEqual([loss]);
    expect(flagsOf({ ...none, maxLoss: 'A', drawdownReaction: 'C' })).toEqual([]);
    expect(flagsOf({ ...none, maxLoss: 'D', drawdownReaction: 'B' })).toEqual([]);
    expect(flagsOf({ ...none, maxLoss: 'B', drawdownReaction: 'D' })).toEqual([]);
    expect(flagsOf({ ...none, maxLoss: 'C', drawdownReaction: 'A' })).toEqual([]);
  });

  it('M2.2-a credits each answer its configured points', () => {
    const r = assess(all('D'), Q, now);
    expect(r.contributions).toEqual(
      QUESTIONS.map((q) => ({ questionId: q.id, answer: 'D', points: Q.scores[q.id]?.D })),
    );
    expect(r.score).toBe(QUESTIONS.reduce((s, q) => s + (Q.scores[q.id]?.D ?? 0), 0));
  });

  it('M2.2-a names each wrong answer: missing, not an option, not a question', () => {
    const a: Record<string, string> = { ...all('B'), horizon: 'E', colour: 'A' };
    delete a.income;
    let error: unknown;
    try {
      assess(a, Q, now);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AnswerError);
    expect((error as AnswerError).name).toBe('AnswerError');
    expect((error as AnswerError).message).toBe('answers are not valid');
    expect((error as AnswerError).fields).toEqual([
      { path: 'answers.income', reason: 'is required' },
      { path: 'answers.horizon', reason: 'must be one of A, B, C, D' },
      { path: 'answers.colour', reason: 'is not a question of this questionnaire' },
    ]);
  });

  it('M2.2-a gives an answer the table has no points for none, and spans scores from the lowest to the highest options', () => {
    const { income: _i, ...noIncome } = Q.scores;
    const r = assess(all('B'), { ...Q, scores: noIncome }, now);
    expect(r.contributions.find((c) => c.questionId === 'income')?.points).toBe(0);
    const flat = Object.fromEntries(QUESTIONS.map((q) => [q.id, { A: 2, B: 3, C: 5, D: 7 }]));
    expect(scoreRange(flat)).toEqual({ min: 2 * QUESTIONS.length, max: 7 * QUESTIONS.length });
  });

  it('M2.2-a reaches the next level exactly at each boundary', () => {
    const b = Q.boundaries;
    expect(b.map((x) => levelOf(x - 1, b))).toEqual([1, 2, 3, 4]);
    expect(b.map((x) => levelOf(x, b))).toEqual([2, 3, 4, 5]);
  });
});
