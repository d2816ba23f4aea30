// The credit scorecards (issue 13): the application's factors and their schema, the expert
// scorecard's configuration checks (M3.1-d: the manual's 120% example is refused), its
// weighted score worked by hand (M3.1-c), the score-to-PD scale and the decision cut-offs,
// the statistical artifact's checks, and reasons in plain words (M8.2-a).
import { describe, expect, it } from 'vitest';
import {
  CreditApplicationSchema,
  CutoffsSchema,
  decide,
  DEFAULT_EXPERT_SCORECARD,
  expertScorecard,
  FACTORS,
  loadStatisticalScorecard,
  pdOfScore,
  PROTECTED_CHARACTERISTICS,
  reasonCode,
  ScorecardConfigError,
  scoreOfPd,
  shippedStatisticalScorecard,
  statisticalScorecard,
  type CreditApplication,
  type ExpertScorecardConfig,
  type StatisticalScorecardArtifact,
} from '../../shared/credit';
import shippedArtifact from '../../shared/credit/domain/statistical-scorecard.json' with { type: 'json' };

function application(over: Partial<CreditApplication> = {}): CreditApplication {
  return CreditApplicationSchema.parse({
    amountFen: 300_000,
    termMonths: 12,
    purpose: 'USED_CAR',
    employment: { status: 'SKILLED', months: 60 },
    housing: 'OWN',
    savingsBand: 'HIGH',
    otherDebts: { instalmentPlans: 'NONE', burdenBand: 1 },
    dependants: 0,
    guarantor: 'NONE',
    behaviour: {
      accountAgeMonths: 36,
      balanceBand: 'ESTABLISHED',
      repaymentRecord: 'ALL_REPAID_HERE',
      openLoans: 0,
      maxOverdueDays: 0,
    },
    ...over,
  });
}

const clone = <T>(x: T): T => structuredClone(x);

/** Two groups, one factor each: small enough to score by hand. */
const SMALL: ExpertScorecardConfig = {
  version: 'small',
  weights: { capacity: 60, record: 40 },
  factors: [
    {
      factor: 'savings',
      group: 'capacity',
      share: 100,
      attributes: {
        kind: 'categories',
        scores: { NONE_OR_UNKNOWN: 0, LOW: 25, MODERATE: 50, SUBSTANTIAL: 75, HIGH: 100 },
      },
      unknownScore: 0,
    },
    {
      factor: 'repaymentRecord',
      group: 'record',
      share: 100,
      attributes: {
        kind: 'categories',
        scores: {
          NO_LOANS_OR_ALL_REPAID: 70,
          ALL_REPAID_HERE: 100,
          CURRENT_ON_TIME: 85,
          PAST_DELAYS: 30,
          CRITICAL: 0,
        },
      },
      unknownScore: 50,
    },
  ],
  scale: { anchorScore: 60, anchorOdds: 4, pointsToDoubleOdds: 10 },
  cutoffs: { approveFrom: 65, declineBelow: 45 },
  maxReasons: 4,
};

describe('the application (M3.1-b)', () => {
  it('M3.1-b carries what a consumer-loan application declares and the platform signals, null where unknown', () => {
    const app = application({
      behaviour: {
        accountAgeMonths: null,
        balanceBand: null,
        repaymentRecord: null,
        openLoans: null,
        maxOverdueDays: null,
      },
    });
    expect(app.behaviour.repaymentRecord).toBeNull();
    expect(() => application({ termMonths: 0 })).toThrow();
    expect(() => application({ amountFen: 12.5 })).toThrow();
  });

  it('M3.1-a neither scorecard can use sex, marital status, nationality or foreign-worker status', () => {
    // The application has no such field, and refuses one (strict schema).
    for (const field of ['sex', 'maritalStatus', 'nationality', 'foreignWorker', 'age'])
      expect(CreditApplicationSchema.safeParse({ ...application(), [field]: 'x' }).success).toBe(
        false,
      );
    // No factor names one, so no configuration can weigh one.
    const protectedNames = /sex|gender|marital|personal|nationality|foreign|citizen|age$/i;
    expect(FACTORS.filter((f) => protectedNames.test(f) && f !== 'accountAge')).toEqual([]);
    expect(
      PROTECTED_CHARACTERISTICS.filter((p) => (FACTORS as readonly string[]).includes(p)),
    ).toEqual([]);
    // A configuration naming one is refused at load, by either scorecard.
    for (const p of PROTECTED_CHARACTERISTICS) {
      const expert = clone(SMALL) as unknown as { factors: { factor: string }[] };
      expert.factors[0]!.factor = p;
      expect(() => expertScorecard(expert)).toThrow(ScorecardConfigError);
      const stat = clone(shippedArtifact) as unknown as { factors: { factor: string }[] };
      stat.factors[0]!.factor = p;
      expect(() => statisticalScorecard(stat)).toThrow(ScorecardConfigError);
    }
    // And the shipped ones weigh none.
    const used = [
      ...DEFAULT_EXPERT_SCORECARD.factors.map((f) => f.factor),
      ...loadStatisticalScorecard(shippedArtifact).factors.map((f) => f.factor),
    ];
    expect(used.every((f) => (FACTORS as readonly string[]).includes(f))).toBe(true);
  });
});

describe('expert scorecard configuration (M3.1-d)', () => {
  it("M3.1-d the manual's example weights (40 + 30 + 20 + 10 + 20 = 120%) are refused at load, saying so", () => {
    const manual = {
      ...clone(DEFAULT_EXPERT_SCORECARD),
      weights: { income: 40, debtRatio: 30, creditRecord: 20, activity: 10, other: 20 },
    };
    expect(() => expertScorecard(manual)).toThrow(ScorecardConfigError);
    expect(() => expertScorecard(manual)).toThrow(
      'expert scorecard configuration refused: weights: weights must sum to 100%, these sum to 120% ' +
        '(income 40%, debtRatio 30%, creditRecord 20%, activity 10%, other 20%)',
    );
  });

  it("M3.1-d the shipped default is valid: the manual's weights divided by 1.2, to hundredths, summing to exactly 100%", () => {
    const manual = { income: 40, debtRatio: 30, creditRecord: 20, activity: 10, other: 20 };
    const w = DEFAULT_EXPERT_SCORECARD.weights;
    expect(Object.keys(w)).toEqual(Object.keys(manual));
    for (const [group, weight] of Object.entries(manual))
      expect(Math.abs(w[group]! - weight / 1.2)).toBeLessThanOrEqual(0.005);
    expect(Object.values(w).reduce((s, x) => s + Math.round(x * 100), 0)).toBe(10_000);
    expect(expertScorecard(DEFAULT_EXPERT_SCORECARD).version).toBe(
      DEFAULT_EXPERT_SCORECARD.version,
    );
  });

  it('M3.1-d other inconsistent configurations are refused with the reason', () => {
    const refused = (mutate: (c: ExpertScorecardConfig) => void, message: string) => {
      const c = clone(SMALL);
      mutate(c);
      expect(() => expertScorecard(c)).toThrow(message);
    };
    refused((c) => (c.weights = { capacity: 60, record: 39.999 }), 'at most two decimals');
    refused((c) => (c.weights = { capacity: 50, record: 40 }), 'these sum to 90%');
    refused(
      (c) => (c.factors[1]!.share = 90),
      'group record: factor shares: weights must sum to 100%',
    );
    refused((c) => (c.factors[1]!.group = 'elsewhere'), 'group elsewhere has no weight');
    refused(
      (c) => (c.weights = { capacity: 60, record: 30, other: 10 }),
      'group other has no factors',
    );
    refused((c) => {
      if (c.factors[0]!.attributes.kind === 'categories')
        delete c.factors[0]!.attributes.scores.LOW;
    }, 'savings value LOW has no score');
    refused((c) => (c.factors[1]!.factor = 'savings'), 'savings twice');
    refused(
      (c) => (c.cutoffs = { approveFrom: 40, declineBelow: 50 }),
      'declineBelow must not be above approveFrom',
    );
    refused(
      (c) =>
        (c.factors[0]! = {
          factor: 'term',
          group: 'capacity',
          share: 100,
          attributes: {
            kind: 'bands',
            bands: [
              { below: 24, score: 100 },
              { below: 12, score: 0 },
              { below: null, score: 0 },
            ],
          },
          unknownScore: 0,
        }),
      'bands must ascend',
    );
    refused((c) => ((c as unknown as { typo: number }).typo = 1), 'Unrecognized key');
  });
});

describe('expert score (M3.1-c) and reasons (M8.2-a)', () => {
  it('M3.1-c the score is the weighted sum of attribute scores, worked by hand', () => {
    // Savings HIGH scores 100, weight 60% -> 60 points (of 60).
    // Repayment PAST_DELAYS scores 30, weight 40% -> 12 points (of 40).
    // Score 72; odds 4 * 2^((72 - 60) / 10) = 4 * 2^1.2 = 9.1896; PD = 1 / 10.1896 = 0.09814.
    const a = expertScorecard(SMALL).assess(
      application({
        savingsBand: 'HIGH',
        behaviour: { ...application().behaviour, repaymentRecord: 'PAST_DELAYS' },
      }),
    );
    expect(a.score).toBe(72);
    expect(a.probabilityOfDefault).toBeCloseTo(1 / (1 + 4 * 2 ** 1.2), 12);
    expect(a.probabilityOfDefault).toBeCloseTo(0.09814, 5);
    expect(a.decision).toBe('APPROVE');
    expect(a.contributions).toEqual([
      {
        factor: 'savings',
        value: 'HIGH',
        attribute: 'HIGH',
        weight: 60,
        points: 60,
        maxPoints: 60,
      },
      {
        factor: 'repaymentRecord',
        value: 'PAST_DELAYS',
        attribute: 'PAST_DELAYS',
        weight: 40,
        points: 12,
        maxPoints: 40,
      },
    ]);
  });

  it('M8.2-a reasons name the factors that cost the most points, in plain words, strongest first', () => {
    // Savings LOW: 60 * 25% = 15 of 60, 45 lost; repayment CRITICAL: 0 of 40, 40 lost.
    // Score 15 -> DECLINE.
    const a = expertScorecard(SMALL).assess(
      application({
        savingsBand: 'LOW',
        behaviour: { ...application().behaviour, repaymentRecord: 'CRITICAL' },
      }),
    );
    expect(a.score).toBe(15);
    expect(a.decision).toBe('DECLINE');
    expect(a.reasons).toEqual([
      { code: 'CR_SAVINGS', factor: 'savings', text: 'Savings: low.', pointsBelowBest: 45 },
      {
        code: 'CR_REPAYMENT_RECORD',
        factor: 'repaymentRecord',
        text: 'How past loans were repaid: a loan in default, or loans at other lenders.',
        pointsBelowBest: 40,
      },
    ]);
    // A factor at its best is no reason; at most maxReasons are given.
    const best = expertScorecard(SMALL).assess(application());
    expect(best.reasons).toEqual([]);
    const one = expertScorecard({ ...SMALL, maxReasons: 1 }).assess(
      application({
        savingsBand: 'LOW',
        behaviour: { ...application().behaviour, repaymentRecord: 'CRITICAL' },
      }),
    );
    expect(one.reasons.map((r) => r.factor)).toEqual(['savings']);
  });

  it('M8.2-a an unknown platform signal takes the configured score and reads as not known yet', () => {
    // Repayment unknown scores 50: 40 * 50% = 20 points, 20 lost. Savings HIGH: 60. Score 80.
    const a = expertScorecard(SMALL).assess(
      application({ behaviour: { ...application().behaviour, repaymentRecord: null } }),
    );
    expect(a.score).toBe(80);
    expect(a.reasons).toEqual([
      {
        code: 'CR_REPAYMENT_RECORD',
        factor: 'repaymentRecord',
        text: 'How past loans were repaid: not known yet.',
        pointsBelowBest: 20,
      },
    ]);
  });

  it('M8.2-a the shipped expert scorecard explains every factor it weighs; numeric bands read in words', () => {
    const a = expertScorecard(DEFAULT_EXPERT_SCORECARD).assess(
      application({ termMonths: 48, amountFen: 1_200_000 }),
    );
    expect(a.contributions).toHaveLength(DEFAULT_EXPERT_SCORECARD.factors.length);
    expect(a.contributions.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(100, 9);
    expect(a.reasons.map((r) => r.text)).toContain('The length of the loan: 37 months or more.');
    expect(a.reasons.map((r) => r.text)).toContain('The amount asked for: 10,000 yuan or more.');
    expect(reasonCode('employmentLength')).toBe('CR_EMPLOYMENT_LENGTH');
  });
});

describe('score, probability of default and decision (M3.1-a)', () => {
  it('M3.1-a the scale: odds double every pointsToDoubleOdds points from the anchor', () => {
    const scale = { anchorScore: 600, anchorOdds: 50, pointsToDoubleOdds: 20 };
    // 600 -> odds 50 -> PD 1/51; 620 -> odds 100 -> PD 1/101; 580 -> odds 25 -> PD 1/26.
    expect(pdOfScore(scale, 600)).toBeCloseTo(1 / 51, 15);
    expect(pdOfScore(scale, 620)).toBeCloseTo(1 / 101, 15);
    expect(pdOfScore(scale, 580)).toBeCloseTo(1 / 26, 15);
    // PD 1/6 -> odds 5 -> 600 + 20 log2(5 / 50) = 533.56.
    expect(scoreOfPd(scale, 1 / 6)).toBeCloseTo(600 + 20 * Math.log2(0.1), 9);
    expect(pdOfScore(scale, scoreOfPd(scale, 0.3))).toBeCloseTo(0.3, 12);
    expect(() => scoreOfPd(scale, 1)).toThrow(RangeError);
  });

  it('M3.1-a APPROVE at or above approveFrom, DECLINE below declineBelow, REFER between', () => {
    const c = { approveFrom: 65, declineBelow: 45 };
    expect([65, 64.99, 45, 44.99].map((s) => decide(c, s))).toEqual([
      'APPROVE',
      'REFER',
      'REFER',
      'DECLINE',
    ]);
    expect(CutoffsSchema.safeParse({ approveFrom: 50, declineBelow: 50 }).success).toBe(true);
  });
});

describe('statistical scorecard artifact (M3.1-a, M8.2-a)', () => {
  const card = loadStatisticalScorecard(shippedArtifact);

  it('M3.1-a the shipped artifact loads; its score is base points plus one bin per factor, its PD the scale', () => {
    const scorecard = shippedStatisticalScorecard();
    const a = scorecard.assess(application());
    const expected = card.basePoints + a.contributions.reduce((s, c) => s + c.points, 0);
    expect(a.score).toBe(expected);
    expect(a.probabilityOfDefault).toBeCloseTo(pdOfScore(card.scale, a.score), 15);
    expect(a.decision).toBe(decide(card.cutoffs, a.score));
    expect(a.scorecard).toEqual({ kind: 'statistical', version: card.version });
    expect(a.contributions.map((c) => c.factor)).toEqual(card.factors.map((f) => f.factor));
  });

  it('M3.1-a the approval cut-off is the first whole score whose PD is at most 1/6', () => {
    expect(pdOfScore(card.scale, card.cutoffs.approveFrom)).toBeLessThanOrEqual(1 / 6);
    expect(pdOfScore(card.scale, card.cutoffs.approveFrom - 1)).toBeGreaterThan(1 / 6);
    expect(pdOfScore(card.scale, card.cutoffs.declineBelow)).toBeLessThanOrEqual(1 / 3);
    expect(pdOfScore(card.scale, card.cutoffs.declineBelow - 1)).toBeGreaterThan(1 / 3);
  });

  it('M3.1-a an artifact whose points do not follow from its coefficients and WoE is refused', () => {
    const tampered = clone(shippedArtifact) as unknown as StatisticalScorecardArtifact;
    tampered.factors[0]!.bins[0]!.points += 10;
    expect(() => statisticalScorecard(tampered)).toThrow(
      /points .* do not follow from the coefficient and WoE/,
    );
    const base = clone(shippedArtifact) as unknown as StatisticalScorecardArtifact;
    base.basePoints += 1;
    expect(() => statisticalScorecard(base)).toThrow(/base points/);
    const gap = clone(shippedArtifact) as unknown as StatisticalScorecardArtifact;
    const numeric = gap.factors.find((f) => f.kind === 'numeric')!;
    numeric.bins[1]!.from = (numeric.bins[1]!.from ?? 0) + 1;
    expect(() => statisticalScorecard(gap)).toThrow(/without gaps/);
  });

  it('M8.2-a a value no bin holds scores the population average (0 points); unknowns fall in their bin', () => {
    // A purpose the fitting data never had (the data has no holidays) is not in any bin.
    const purpose = card.factors.find((f) => f.factor === 'purpose');
    expect(purpose).toBeDefined();
    const inBins = purpose!.bins.flatMap((b) => b.values ?? []);
    expect(inBins).not.toContain('VACATION');
    const a = shippedStatisticalScorecard().assess(application({ purpose: 'VACATION' }));
    expect(a.contributions.find((c) => c.factor === 'purpose')).toMatchObject({
      points: 0,
      attribute: 'not seen in fitting',
    });
  });

  it('M8.2-a statistical reasons: the factors furthest below their best bin, in plain words', () => {
    const a = shippedStatisticalScorecard().assess(
      application({
        termMonths: 60,
        behaviour: { ...application().behaviour, balanceBand: 'NEGATIVE' },
      }),
    );
    expect(a.reasons.length).toBeGreaterThan(0);
    expect(a.reasons.length).toBeLessThanOrEqual(card.maxReasons);
    const lost = a.reasons.map((r) => r.pointsBelowBest);
    expect([...lost].sort((x, y) => y - x)).toEqual(lost);
    expect(a.reasons.map((r) => r.text)).toContain('The account balance: below zero.');
    for (const r of a.reasons) {
      const c = a.contributions.find((x) => x.factor === r.factor)!;
      expect(r.pointsBelowBest).toBe(c.maxPoints - c.points);
    }
  });
});
