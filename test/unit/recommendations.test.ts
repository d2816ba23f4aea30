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
  const ranked = recommend(catalog, customer, DEFAULT_SUITABILITY.recommendations);

  it('M2.2-a never recommends a product above the customer level', () => {
    expect(ranked.map((r) => r.product.productId)).not.toContain('growth');
  });

  it('M2.4-b ranks the worked example: equity 80, deposit 53, bond 52, note 30', () => {
    expect(ranked.map((r) => [r.product.productId, r.score])).toEqual([
      ['equity', 80],
      ['deposit', 53],
      ['bond', 52],
      ['note', 30],
    ]);
  });

  it('M2.4-b says why, factor by factor', () => {
    const bond = ranked.find((r) => r.product.productId === 'bond');
    expect(bond?.reasons.map((r) => [r.factor, r.points])).toEqual([
      ['riskFit', 30],
      ['horizon', 20],
      ['holdings', -15],
      ['pastOrders', 10],
      ['expectedReturn', 7],
    ]);
    const note = ranked.find((r) => r.product.productId === 'note');
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
