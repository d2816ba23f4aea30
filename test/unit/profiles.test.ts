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

describe('profiles and segmentation at their edges (M2.4-c, M7.3-a)', () => {
  it('M7.3-a counts a movement exactly at the window edge, and names the latest movement whatever the order', () => {
    const p = profileOf(
      { ...base, activity: [daysAgo(30), daysAgo(2), daysAgo(31), daysAgo(10)] },
      C,
    );
    expect(p.movementsInWindow).toBe(3);
    expect(p.lastActivityAt).toBe(daysAgo(2));
    expect(p.explanation).toBe('moved money within 30 days');
    expect(profileOf(base, C)).not.toHaveProperty('lastActivityAt');
    expect(profileOf(base, C).explanation).toBe('never moved money');
    expect(profileOf({ ...base, activity: [daysAgo(45.5)] }, C).explanation).toBe(
      'no money movement for 45 days (churn warning after 30)',
    );
    expect(profileOf({ ...base, activity: [daysAgo(120)] }, C).explanation).toBe(
      'no money movement for 120 days',
    );
    expect(profileOf({ ...base, registeredAt: daysAgo(3) }, C).explanation).toBe(
      'registered within 30 days',
    );
  });

  it('M2.4-c refuses a segmentation whose windows, frequencies or tiers do not ascend, naming each', () => {
    const issues = (c: unknown) => {
      const out = SegmentationConfigSchema.safeParse(c);
      return out.success
        ? []
        : out.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (${i.code})`);
    };
    expect(issues(C)).toEqual([]);
    expect(issues({ ...C, dormantAfterDays: C.activeWithinDays })).toEqual([
      'dormantAfterDays: must exceed activeWithinDays (custom)',
    ]);
    expect(issues({ ...C, dormantAfterDays: C.activeWithinDays + 1 })).toEqual([]);
    expect(issues({ ...C, frequency: { medium: 3, high: 3 } })).toEqual([
      'frequency.high: must exceed medium (custom)',
    ]);
    expect(issues({ ...C, frequency: { medium: 1, high: 2 } })).toEqual([]);
    const tiers = (SILVER: number, GOLD: number, PLATINUM: number) =>
      issues({ ...C, valueTiers: { SILVER, GOLD, PLATINUM } });
    const notAscending = ['valueTiers: must ascend SILVER < GOLD < PLATINUM (custom)'];
    expect(tiers(10, 10, 30)).toEqual(notAscending);
    expect(tiers(10, 30, 30)).toEqual(notAscending);
    expect(tiers(10, 20, 30)).toEqual([]);
  });

  it('M2.4-c takes windows of 1 to 365 days, a dormancy of up to 730, and frequencies from 1 and 2', () => {
    const ok = (c: object) => SegmentationConfigSchema.safeParse({ ...C, ...c }).success;
    expect(ok({ newWithinDays: 1 })).toBe(true);
    expect(ok({ newWithinDays: 365 })).toBe(true);
    expect(ok({ newWithinDays: 0 })).toBe(false);
    expect(ok({ newWithinDays: 366 })).toBe(false);
    expect(ok({ activeWithinDays: 1 })).toBe(true);
    expect(ok({ activeWithinDays: 89 })).toBe(true);
    expect(ok({ activeWithinDays: 366, dormantAfterDays: 400 })).toBe(false);
    expect(ok({ dormantAfterDays: 730 })).toBe(true);
    expect(ok({ dormantAfterDays: 731 })).toBe(false);
    expect(ok({ frequency: { medium: 1, high: 2 } })).toBe(true);
    expect(ok({ frequency: { medium: 0, high: 2 } })).toBe(false);
    expect(ok({ frequency: { medium: 1, high: 1 } })).toBe(false);
    expect(ok({ frequency: { medium: 1, high: 2, low: 0 } })).toBe(false);
  });
});
