// Customer profiles and segments (M2.4-b, M2.4-c, M7.3-a): risk level, transaction
// frequency, assets, lifecycle stage (new, active, at risk of churn, dormant) and value
// tier, recomputed from the customer's journal lines (the events of their money), balance
// and holdings. Windows and thresholds are configuration. Pure.
import * as z from 'zod';

export const SegmentationConfigSchema = z
  .object({
    /** A customer registered within this many days is NEW. */
    newWithinDays: z.number().int().min(1).max(365),
    /** Activity within this many days makes a customer ACTIVE. */
    activeWithinDays: z.number().int().min(1).max(365),
    /** No activity for this many days makes a customer DORMANT (between: AT_RISK). */
    dormantAfterDays: z.number().int().min(2).max(730),
    /** Money movements within `activeWithinDays`: at least `medium` is MEDIUM, `high` HIGH. */
    frequency: z
      .object({ medium: z.number().int().min(1), high: z.number().int().min(2) })
      .strict(),
    /** Minimum assets (fen) of each value tier above STANDARD, ascending. */
    valueTiers: z
      .object({
        SILVER: z.number().int().positive(),
        GOLD: z.number().int(),
        PLATINUM: z.number().int(),
      })
      .strict(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.dormantAfterDays <= c.activeWithinDays)
      ctx.addIssue({
        code: 'custom',
        path: ['dormantAfterDays'],
        message: 'must exceed activeWithinDays',
      });
    if (c.frequency.high <= c.frequency.medium)
      ctx.addIssue({ code: 'custom', path: ['frequency', 'high'], message: 'must exceed medium' });
    const t = c.valueTiers;
    if (!(t.SILVER < t.GOLD && t.GOLD < t.PLATINUM))
      ctx.addIssue({
        code: 'custom',
        path: ['valueTiers'],
        message: 'must ascend SILVER < GOLD < PLATINUM',
      });
  });
export type SegmentationConfig = z.infer<typeof SegmentationConfigSchema>;

export const DEFAULT_SEGMENTATION: SegmentationConfig = {
  newWithinDays: 30,
  activeWithinDays: 30,
  dormantAfterDays: 90,
  frequency: { medium: 3, high: 10 },
  // 10,000 / 100,000 / 1,000,000 yuan
  valueTiers: { SILVER: 1_000_000, GOLD: 10_000_000, PLATINUM: 100_000_000 },
};

export type Lifecycle = 'NEW' | 'ACTIVE' | 'AT_RISK' | 'DORMANT';
export type Frequency = 'LOW' | 'MEDIUM' | 'HIGH';
export type ValueTier = 'STANDARD' | 'SILVER' | 'GOLD' | 'PLATINUM';

export interface ProfileInput {
  readonly registeredAt: string;
  readonly now: Date;
  /** The current assessment's level, if it is still valid. */
  readonly riskLevel?: number;
  /** Times of the customer's money movements (journal lines), any order. */
  readonly activity: readonly string[];
  readonly cash: number;
  readonly invested: number;
}

export interface Profile {
  readonly riskLevel: string;
  readonly frequency: Frequency;
  readonly movementsInWindow: number;
  readonly assets: { readonly cash: number; readonly invested: number; readonly total: number };
  readonly lifecycle: Lifecycle;
  readonly valueTier: ValueTier;
  readonly lastActivityAt?: string;
  /** Why the lifecycle stage is what it is. */
  readonly explanation: string;
}

const DAY = 86_400_000;

export function profileOf(i: ProfileInput, c: SegmentationConfig): Profile {
  const now = i.now.getTime();
  const ages = i.activity.map((a) => (now - new Date(a).getTime()) / DAY);
  const inWindow = ages.filter((d) => d <= c.activeWithinDays).length;
  const lastActivityAt = [...i.activity].sort().at(-1);
  const sinceLast = lastActivityAt ? (now - new Date(lastActivityAt).getTime()) / DAY : Infinity;
  const sinceRegistration = (now - new Date(i.registeredAt).getTime()) / DAY;
  let lifecycle: Lifecycle;
  let explanation: string;
  if (sinceRegistration <= c.newWithinDays) {
    lifecycle = 'NEW';
    explanation = `registered within ${c.newWithinDays} days`;
  } else if (sinceLast <= c.activeWithinDays) {
    lifecycle = 'ACTIVE';
    explanation = `moved money within ${c.activeWithinDays} days`;
  } else if (sinceLast <= c.dormantAfterDays) {
    lifecycle = 'AT_RISK';
    explanation = `no money movement for ${Math.floor(sinceLast)} days (churn warning after ${c.activeWithinDays})`;
  } else {
    lifecycle = 'DORMANT';
    explanation = lastActivityAt
      ? `no money movement for ${Math.floor(sinceLast)} days`
      : 'never moved money';
  }
  const total = i.cash + i.invested;
  const t = c.valueTiers;
  const valueTier: ValueTier =
    total >= t.PLATINUM
      ? 'PLATINUM'
      : total >= t.GOLD
        ? 'GOLD'
        : total >= t.SILVER
          ? 'SILVER'
          : 'STANDARD';
  return {
    riskLevel: i.riskLevel ? `C${i.riskLevel}` : 'UNASSESSED',
    frequency:
      inWindow >= c.frequency.high ? 'HIGH' : inWindow >= c.frequency.medium ? 'MEDIUM' : 'LOW',
    movementsInWindow: inWindow,
    assets: { cash: i.cash, invested: i.invested, total },
    lifecycle,
    valueTier,
    ...(lastActivityAt ? { lastActivityAt } : {}),
    explanation,
  };
}

export interface SegmentCounts {
  readonly customers: number;
  readonly byRiskLevel: Record<string, number>;
  readonly byLifecycle: Record<string, number>;
  readonly byValueTier: Record<string, number>;
  readonly byFrequency: Record<string, number>;
}

export function countSegments(profiles: readonly Profile[]): SegmentCounts {
  const tally = (key: (p: Profile) => string) => {
    const out: Record<string, number> = {};
    for (const p of profiles) out[key(p)] = (out[key(p)] ?? 0) + 1;
    return out;
  };
  return {
    customers: profiles.length,
    byRiskLevel: tally((p) => p.riskLevel),
    byLifecycle: tally((p) => p.lifecycle),
    byValueTier: tally((p) => p.valueTier),
    byFrequency: tally((p) => p.frequency),
  };
}
