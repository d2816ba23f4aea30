// M2.4-b, M2.4-c, M7.3-a: customer profiles (lifecycle, frequency, value tier) at their
// configured boundaries, and segment counts.
import { describe, expect, it } from 'vitest';
import {
  countSegments,
  DEFAULT_SEGMENTATION as C,
  profileOf,
  SegmentationConfigSchema,
} from '../../shared/insight/domain/profiles';

const now = new Date('2026-11-27T00:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
const base = { registeredAt: daysAgo(400), now, activity: [] as string[], cash: 0, invested: 0 };

describe('customer lifecycle (M7.3-a)', () => {
  it.each([
    ['registered 30 days ago', { registeredAt: daysAgo(30) }, 'NEW'],
    [
      'registered 31 days ago, moved money 30 days ago',
      { registeredAt: daysAgo(31), activity: [daysAgo(30)] },
      'ACTIVE',
    ],
    ['last movement 31 days ago', { activity: [daysAgo(31)] }, 'AT_RISK'],
    ['last movement 90 days ago', { activity: [daysAgo(90)] }, 'AT_RISK'],
    ['last movement 91 days ago', { activity: [daysAgo(91)] }, 'DORMANT'],
    ['never moved money', {}, 'DORMANT'],
  ] as const)('M7.3-a %s: %s', (_n, input, stage) => {
    const p = profileOf({ ...base, ...input }, C);
    expect(p.lifecycle).toBe(stage);
    expect(p.explanation.length).toBeGreaterThan(0);
  });
});

describe('frequency, assets and value tier (M2.4-c)', () => {
  const times = (n: number) => Array.from({ length: n }, (_, i) => daysAgo(i % 30));
  it.each([
    [2, 'LOW'],
    [3, 'MEDIUM'],
    [9, 'MEDIUM'],
    [10, 'HIGH'],
  ] as const)('M2.4-c %i movements in 30 days is %s', (n, f) => {
    expect(profileOf({ ...base, activity: [...times(n), daysAgo(45)] }, C)).toMatchObject({
      frequency: f,
      movementsInWindow: n,
    });
  });

  it.each([
    [999_999, 'STANDARD'],
    [1_000_000, 'SILVER'],
    [9_999_999, 'SILVER'],
    [10_000_000, 'GOLD'],
    [100_000_000, 'PLATINUM'],
  ] as const)('M2.4-c assets of %i fen (cash + invested) are %s', (total, tier) => {
    const p = profileOf({ ...base, cash: total - 400, invested: 400 }, C);
    expect(p.assets).toEqual({ cash: total - 400, invested: 400, total });
    expect(p.valueTier).toBe(tier);
  });

  it('M2.4-c counts customers per segment', () => {
    const profiles = [
      profileOf({ ...base, riskLevel: 2, activity: [daysAgo(1)] }, C),
      profileOf({ ...base, riskLevel: 2, cash: 2_000_000 }, C),
      profileOf({ ...base, registeredAt: daysAgo(3) }, C),
    ];
    expect(countSegments(profiles)).toEqual({
      customers: 3,
      byRiskLevel: { C2: 2, UNASSESSED: 1 },
      byLifecycle: { ACTIVE: 1, DORMANT: 1, NEW: 1 },
      byValueTier: { STANDARD: 2, SILVER: 1 },
      byFrequency: { LOW: 3 },
    });
  });

  it('refuses windows and tiers out of order at load', () => {
    expect(SegmentationConfigSchema.safeParse({ ...C, dormantAfterDays: 30 }).success).toBe(false);
    expect(
      SegmentationConfigSchema.safeParse({ ...C, valueTiers: { SILVER: 5, GOLD: 4, PLATINUM: 6 } })
        .success,
    ).toBe(false);
  });
});
