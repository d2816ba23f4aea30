// Exposure limits (M4.2-a): how much a customer may send out by transfer, withdrawal or
// order, per movement and per day (China Standard Time), how much one customer may
// receive by transfer in a day, and how much may go into one product in a day: by one
// customer, and by all customers together. Defaults come from the stage configuration, by
// KYC tier and, for orders, by the customer's risk tolerance (C1..C5) and the product's
// rating (R1..R5); risk staff may set a customer's own limits, which replace the defaults
// they name; a product's terms may set its own, lower, caps. Pure: the risk pre-check
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
    /** What one customer may put into one product in a day, by the product's rating. */
    productDailyByLevel: z.partialRecord(z.enum(['R1', 'R2', 'R3', 'R4', 'R5']), Fen).default({}),
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
  // The riskiest products: at most 500,000 CNY a customer a day into any one of them.
  productDailyByLevel: { R5: 50_000_000 },
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
export type LimitSource =
  | `tier ${KycTier}`
  | `risk level C${number}`
  | 'customer'
  | `product level R${number}`
  | 'product terms';

/** A product's own caps, from its terms (fen; each optional). */
export interface ProductCaps {
  /** What one customer may subscribe into the product in a day. */
  readonly perCustomerDaily?: number | undefined;
  /** What all customers together may subscribe into the product in a day (its daily quota). */
  readonly dailyTotal?: number | undefined;
}

/** The product limits of an order: each a daily amount with its source. */
export interface ProductExposure {
  readonly productId: string;
  readonly perCustomerDaily?: { readonly amount: number; readonly source: LimitSource };
  readonly dailyTotal?: { readonly amount: number; readonly source: LimitSource };
}

/** The limits that apply to one movement. */
export interface Exposure {
  readonly flow: LimitedFlow;
  readonly single: number;
  readonly daily: number;
  readonly source: LimitSource;
  /** A transfer's recipient: what they may still receive today. */
  readonly counterpartyDailyIn?: number;
  /** An order's product: what may go into it today. */
  readonly product?: ProductExposure;
}

/**
 * An order's product limits: per customer, the lower of the product's own cap and its
 * rating's (the source names which); in total, the product's daily quota where it has one.
 */
export function productExposureOf(
  config: LimitsConfig,
  product: { productId: string; level: number; caps?: ProductCaps | undefined },
): ProductExposure | undefined {
  const byLevel =
    config.productDailyByLevel[`R${product.level}` as keyof LimitsConfig['productDailyByLevel']];
  const own = product.caps?.perCustomerDaily;
  const perCustomerDaily =
    own !== undefined && (byLevel === undefined || own <= byLevel)
      ? { amount: own, source: 'product terms' as const }
      : byLevel !== undefined
        ? { amount: byLevel, source: `product level R${product.level}` as const }
        : undefined;
  const total = product.caps?.dailyTotal;
  if (!perCustomerDaily && total === undefined) return undefined;
  return {
    productId: product.productId,
    ...(perCustomerDaily ? { perCustomerDaily } : {}),
    ...(total !== undefined ? { dailyTotal: { amount: total, source: 'product terms' } } : {}),
  };
}

/** The limits of a movement: the customer's own where set, else the tier's, else lower by level. */
export function exposureOf(
  config: LimitsConfig,
  flow: LimitedFlow,
  who: { tier: KycTier; riskLevel?: number | undefined; own?: CustomerLimits | undefined },
  product?: { productId: string; level: number; caps?: ProductCaps | undefined },
): Exposure {
  const ofProduct = flow === 'order' && product ? productExposureOf(config, product) : undefined;
  const cp = {
    ...(flow === 'transfer' ? { counterpartyDailyIn: config.counterpartyDailyIn } : {}),
    ...(ofProduct ? { product: ofProduct } : {}),
  };
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
