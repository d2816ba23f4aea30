// M2.2-a, M2.4-b: recommendations rank only suitable products, by the documented score
// (docs/suitability.md, "Recommendations"), each with its reasons.
import { describe, expect, it } from 'vitest';
import {
  percentOf,
  recommend,
  type CandidateProduct,
} from '../../shared/investing/domain/recommendations';
import { DEFAULT_SUITABILITY } from '../../shared/investing/domain/suitability-config';

const p = (
  productId: string,
  type: string,
  level: number,
  expectedReturnBp: number,
  lockUpDays = 0,
): CandidateProduct => ({ productId, name: productId, type, level, expectedReturnBp, lockUpDays });

const catalog = [
  p('deposit', 'DEPOSIT_LIKE', 1, 180),
  p('bond', 'BOND_FUND', 2, 380),
  p('equity', 'EQUITY_FUND', 3, 700),
  p('note', 'STRUCTURED', 3, 1200, 400),
  p('growth', 'EQUITY_FUND', 4, 800),
];
const customer = {
  level: 3,
  horizon: 'B',
  heldProductIds: ['bond'],
  heldTypes: ['BOND_FUND'],
  pastOrderTypes: ['BOND_FUND', 'BOND_FUND'],
};

describe('recommendations (M2.2-a, M2.4-b)', () => {
  // Computed inside each test, so that each test runs the rule it checks.
  const ranked = () => recommend(catalog, customer, DEFAULT_SUITABILITY.recommendations);

  it('M2.2-a never recommends a product above the customer level', () => {
    expect(ranked().map((r) => r.product.productId)).not.toContain('growth');
  });

  it('M2.4-b ranks the worked example: equity 80, deposit 53, bond 52, note 30', () => {
    expect(ranked().map((r) => [r.product.productId, r.score])).toEqual([
      ['equity', 80],
      ['deposit', 53],
      ['bond', 52],
      ['note', 30],
    ]);
  });

  it('M2.4-b says why, factor by factor', () => {
    const bond = ranked().find((r) => r.product.productId === 'bond');
    expect(bond?.reasons.map((r) => [r.factor, r.points])).toEqual([
      ['riskFit', 30],
      ['horizon', 20],
      ['holdings', -15],
      ['pastOrders', 10],
      ['expectedReturn', 7],
    ]);
    const note = ranked().find((r) => r.product.productId === 'note');
    expect(note?.reasons.find((r) => r.factor === 'horizon')).toMatchObject({
      points: -30,
      detail: expect.stringContaining('longer than your investment horizon') as string,
    });
  });
});

describe('percentages from basis points', () => {
  it('formats without floating point', () => {
    expect([percentOf(380), percentOf(5), percentOf(1200), percentOf(-75)]).toEqual([
      '3.80%',
      '0.05%',
      '12.00%',
      '-0.75%',
    ]);
  });
});

describe('every reason of a recommendation, in words and points (M2.2-a, M2.4-b, M8.2-a)', () => {
  const W = DEFAULT_SUITABILITY.recommendations;

  it('M8.2-a gives each factor its detail and points, and the score is their sum', () => {
    const [r] = recommend(
      [p('bond', 'BOND_FUND', 2, 380, 365)],
      { ...customer, heldProductIds: [], heldTypes: [], pastOrderTypes: ['BOND_FUND'] },
      W,
    );
    expect(r?.reasons).toEqual([
      {
        factor: 'riskFit',
        points: W.riskFit - W.riskStep,
        detail: 'R2 is 1 level(s) below your tolerance C3',
      },
      {
        factor: 'horizon',
        points: W.horizonFit,
        detail: 'its 365-day lock-up fits your investment horizon',
      },
      {
        factor: 'holdings',
        points: W.newType,
        detail: 'you hold no BOND_FUND product yet (diversification)',
      },
      {
        factor: 'pastOrders',
        points: Math.min(W.affinityMax, W.affinityPerOrder),
        detail: 'you have bought 1 BOND_FUND product order(s) before',
      },
      {
        factor: 'expectedReturn',
        points: Math.min(W.returnMax, Math.floor((380 * W.returnPerPercent) / 100)),
        detail: 'expected annualised return 3.80%',
      },
    ]);
    expect(r?.score).toBe(r?.reasons.reduce((s, x) => s + x.points, 0));
    expect(r?.product.productId).toBe('bond');
  });

  it('M8.2-a says a product at the tolerance matches it, one already held is held, and a type held needs no diversification', () => {
    const [r] = recommend(
      [p('equity', 'EQUITY_FUND', 3, 700)],
      { ...customer, heldProductIds: ['equity'], heldTypes: ['EQUITY_FUND'], pastOrderTypes: [] },
      W,
    );
    expect(r?.reasons.map((x) => x.detail)).toEqual([
      'R3 matches your risk tolerance C3',
      'its 0-day lock-up fits your investment horizon',
      'you already hold it',
      'expected annualised return 7.00%',
    ]);
    const [other] = recommend(
      [p('equity2', 'EQUITY_FUND', 3, 700)],
      { ...customer, heldProductIds: ['equity'], heldTypes: ['EQUITY_FUND'], pastOrderTypes: [] },
      W,
    );
    expect(other?.reasons.map((x) => x.factor)).toEqual(['riskFit', 'horizon', 'expectedReturn']);
  });

  it('M2.4-b fits lock-ups to each horizon answer at its edge: 90 days, a year, three years, any', () => {
    const fits = (horizon: string, lockUpDays: number) =>
      recommend([p('x', 'BOND_FUND', 1, 100, lockUpDays)], { ...customer, horizon }, W)[0]
        ?.reasons[1]?.points === W.horizonFit;
    expect([fits('A', 90), fits('A', 91)]).toEqual([true, false]);
    expect([fits('B', 365), fits('B', 366)]).toEqual([true, false]);
    expect([fits('C', 1095), fits('C', 1096)]).toEqual([true, false]);
    expect(fits('D', 100_000)).toBe(true);
    // An unknown horizon answer accepts no lock-up at all.
    expect([fits('Z', 0), fits('Z', 1)]).toEqual([true, false]);
    expect(
      recommend([p('x', 'BOND_FUND', 1, 100, 91)], { ...customer, horizon: 'A' }, W)[0]?.reasons[1]
        ?.detail,
    ).toBe('its 91-day lock-up is longer than your investment horizon');
  });

  it('M2.4-b takes a step of points off per level below, and counts only past orders of the same type', () => {
    const [r] = recommend(
      [p('deposit', 'DEPOSIT_LIKE', 1, 100)],
      { ...customer, pastOrderTypes: ['BOND_FUND', 'DEPOSIT_LIKE', 'EQUITY_FUND'] },
      W,
    );
    expect(r?.reasons[0]).toEqual({
      factor: 'riskFit',
      points: W.riskFit - 2 * W.riskStep,
      detail: 'R1 is 2 level(s) below your tolerance C3',
    });
    expect(r?.reasons.find((x) => x.factor === 'pastOrders')?.detail).toBe(
      'you have bought 1 DEPOSIT_LIKE product order(s) before',
    );
  });

  it('formats a zero return without a sign', () => {
    expect(percentOf(0)).toBe('0.00%');
    expect(percentOf(-5)).toBe('-0.05%');
  });
});
