// Exposure limits (M4.2-a): how much a customer may send out by transfer, withdrawal or
// order, per movement and per day (China Standard Time), and how much one customer may
// receive by transfer in a day. Defaults come from the stage configuration, by KYC tier
// and, for orders, by the customer's risk tolerance (C1..C5); risk staff may set a
// customer's own limits, which replace the defaults they name. Pure: the risk pre-check
// resolves them, and the money transaction enforces them (ADR 0013).
import * as z from 'zod';

export const LIMITED_FLOWS = ['transfer', 'withdrawal', 'order'] as const;
export type LimitedFlow = (typeof LIMITED_FLOWS)[number];

/**
 * KYC tiers. Every customer today completes real-name verification with an ID check and a
 * face check before the account opens (M2.1-a), so every customer is FULL; the tier is the
 * key by which weaker verification would get lower limits.
 */
export const KYC_TIERS = ['FULL'] as const;
export type KycTier = (typeof KYC_TIERS)[number];

const Fen = z.number().int().positive();
const FlowLimits = z
  .object({ single: Fen, daily: Fen })
  .strict()
  .refine((l) => l.single <= l.daily, { message: 'a single movement limit above the daily one' });
export type FlowLimits = z.infer<typeof FlowLimits>;

const PerFlow = z.object({ transfer: FlowLimits, withdrawal: FlowLimits, order: FlowLimits });

export const LimitsConfigSchema = z
  .object({
    /** Limits per KYC tier, every flow. */
    byTier: z.object({ FULL: PerFlow.strict() }).strict(),
    /** Order limits by risk tolerance, where lower than the tier's (C1 the most cautious). */
    orderByRiskLevel: z.partialRecord(z.enum(['C1', 'C2', 'C3', 'C4', 'C5']), FlowLimits),
    /** What one customer may receive by transfer in a day (a mule account's inflow). */
    counterpartyDailyIn: Fen,
  })
  .strict();
export type LimitsConfig = z.infer<typeof LimitsConfigSchema>;

/** Shipped defaults (fen): a starting point for the risk team, not a regulatory figure. */
export const DEFAULT_LIMITS: LimitsConfig = {
  byTier: {
    FULL: {
      transfer: { single: 20_000_000, daily: 50_000_000 },
      withdrawal: { single: 5_000_000, daily: 20_000_000 },
      order: { single: 500_000_000, daily: 1_000_000_000 },
    },
  },
  orderByRiskLevel: {
    C1: { single: 10_000_000, daily: 20_000_000 },
    C2: { single: 50_000_000, daily: 100_000_000 },
  },
  counterpartyDailyIn: 100_000_000,
};

/** A customer's own limits, set by risk staff: any flow's single and daily amounts. */
export const CustomerLimitsInput = z
  .object({
    transfer: FlowLimits.optional(),
    withdrawal: FlowLimits.optional(),
    order: FlowLimits.optional(),
  })
  .strict();
export type CustomerLimits = z.infer<typeof CustomerLimitsInput>;

/** Where a limit comes from, as a refusal names it. */
export type LimitSource = `tier ${KycTier}` | `risk level C${number}` | 'customer';

/** The limits that apply to one movement. */
export interface Exposure {
  readonly flow: LimitedFlow;
  readonly single: number;
  readonly daily: number;
  readonly source: LimitSource;
  /** A transfer's recipient: what they may still receive today. */
  readonly counterpartyDailyIn?: number;
}

/** The limits of a movement: the customer's own where set, else the tier's, else lower by level. */
export function exposureOf(
  config: LimitsConfig,
  flow: LimitedFlow,
  who: { tier: KycTier; riskLevel?: number | undefined; own?: CustomerLimits | undefined },
): Exposure {
  const cp = flow === 'transfer' ? { counterpartyDailyIn: config.counterpartyDailyIn } : {};
  const own = who.own?.[flow];
  if (own) return { flow, ...own, source: 'customer', ...cp };
  const tier = config.byTier[who.tier][flow];
  if (flow === 'order' && who.riskLevel !== undefined) {
    const byLevel =
      config.orderByRiskLevel[`C${who.riskLevel}` as keyof LimitsConfig['orderByRiskLevel']];
    if (byLevel)
      return {
        flow,
        single: Math.min(byLevel.single, tier.single),
        daily: Math.min(byLevel.daily, tier.daily),
        source: `risk level C${who.riskLevel}`,
        ...cp,
      };
  }
  return { flow, ...tier, source: `tier ${who.tier}`, ...cp };
}
