// Exposure limits resolved (M4.2-a, ADR 0013): the customer's own where set, else the KYC
// tier's, and for orders the lower of the tier's and the risk level's; an order also meets
// its product's limits (the lower of its terms' and its rating's per customer, its quota).
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  exposureOf,
  LimitsConfigSchema,
  productExposureOf,
} from '../../shared/risk/domain/limits';

const tier = DEFAULT_LIMITS.byTier.FULL;

describe('exposure limits (M4.2-a)', () => {
  it('M4.2-a the tier gives each flow its limits; a transfer also names its recipient inflow limit', () => {
    expect(exposureOf(DEFAULT_LIMITS, 'withdrawal', { tier: 'FULL' })).toEqual({
      flow: 'withdrawal',
      ...tier.withdrawal,
      source: 'tier FULL',
    });
    expect(exposureOf(DEFAULT_LIMITS, 'transfer', { tier: 'FULL' })).toEqual({
      flow: 'transfer',
      ...tier.transfer,
      source: 'tier FULL',
      counterpartyDailyIn: DEFAULT_LIMITS.counterpartyDailyIn,
    });
  });

  it("M4.2-a an order is capped by the customer's risk level where it is lower, and by the tier where not", () => {
    const c1 = DEFAULT_LIMITS.orderByRiskLevel.C1!;
    expect(exposureOf(DEFAULT_LIMITS, 'order', { tier: 'FULL', riskLevel: 1 })).toEqual({
      flow: 'order',
      single: Math.min(c1.single, tier.order.single),
      daily: Math.min(c1.daily, tier.order.daily),
      source: 'risk level C1',
    });
    // C5 has no cap of its own: the tier's.
    expect(exposureOf(DEFAULT_LIMITS, 'order', { tier: 'FULL', riskLevel: 5 })).toMatchObject({
      ...tier.order,
      source: 'tier FULL',
    });
    // A risk level caps orders only.
    expect(exposureOf(DEFAULT_LIMITS, 'transfer', { tier: 'FULL', riskLevel: 1 }).source).toBe(
      'tier FULL',
    );
  });

  it("M4.2-a a customer's own limits replace the defaults of the flows they name, even above them", () => {
    const own = { withdrawal: { single: 100, daily: 200 }, order: { single: 9e9, daily: 9e9 } };
    expect(exposureOf(DEFAULT_LIMITS, 'withdrawal', { tier: 'FULL', own })).toMatchObject({
      single: 100,
      daily: 200,
      source: 'customer',
    });
    expect(exposureOf(DEFAULT_LIMITS, 'order', { tier: 'FULL', riskLevel: 1, own }).single).toBe(
      9e9,
    );
    expect(exposureOf(DEFAULT_LIMITS, 'transfer', { tier: 'FULL', own }).source).toBe('tier FULL');
  });

  it("M4.2-a an order meets its product's limits: the lower of the terms' and the rating's per customer, and the quota", () => {
    const config = { ...DEFAULT_LIMITS, productDailyByLevel: { R4: 80_000, R5: 50_000 } };
    const p = (level: number, caps?: { perCustomerDaily?: number; dailyTotal?: number }) =>
      productExposureOf(config, { productId: 'p1', level, caps });
    // No cap anywhere: no product limit at all.
    expect(p(2)).toBeUndefined();
    // The rating's cap where the terms have none, or a higher one.
    expect(p(5)).toEqual({
      productId: 'p1',
      perCustomerDaily: { amount: 50_000, source: 'product level R5' },
    });
    expect(p(4, { perCustomerDaily: 90_000 })?.perCustomerDaily).toEqual({
      amount: 80_000,
      source: 'product level R4',
    });
    // The terms' where lower (or equal), and the quota from the terms only.
    expect(p(4, { perCustomerDaily: 80_000, dailyTotal: 1_000_000 })).toEqual({
      productId: 'p1',
      perCustomerDaily: { amount: 80_000, source: 'product terms' },
      dailyTotal: { amount: 1_000_000, source: 'product terms' },
    });
    expect(p(1, { dailyTotal: 5_000 })).toEqual({
      productId: 'p1',
      dailyTotal: { amount: 5_000, source: 'product terms' },
    });
    // Only orders carry product limits; the flow's own limits are unchanged by them.
    const order = exposureOf(config, 'order', { tier: 'FULL' }, { productId: 'p1', level: 5 });
    expect(order).toMatchObject({ ...tier.order, source: 'tier FULL' });
    expect(order.product?.perCustomerDaily?.amount).toBe(50_000);
    expect(
      exposureOf(config, 'transfer', { tier: 'FULL' }, { productId: 'p1', level: 5 }).product,
    ).toBeUndefined();
  });

  it('M4.2-a a configuration with a single limit above its daily one is refused at load', () => {
    expect(LimitsConfigSchema.safeParse(DEFAULT_LIMITS).success).toBe(true);
    const bad = {
      ...DEFAULT_LIMITS,
      byTier: { FULL: { ...tier, withdrawal: { single: 10, daily: 5 } } },
    };
    const out = LimitsConfigSchema.safeParse(bad);
    expect(out.success).toBe(false);
    expect(out.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['byTier.FULL.withdrawal', 'a single movement limit above the daily one'],
    ]);
  });
});
