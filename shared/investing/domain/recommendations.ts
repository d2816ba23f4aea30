// Product recommendations (M2.2-a, M2.4-b): only suitable products (rated at most the
// customer's level, on a valid assessment) are ranked, by a score whose every part is
// listed with the recommendation. Weights are configuration (suitability-config.ts);
// docs/suitability.md explains them. Pure.

export interface RecommendationWeights {
  /** Points for a product at the customer's own level; each level below loses `riskStep`. */
  readonly riskFit: number;
  readonly riskStep: number;
  /** Lock-up within the customer's horizon, or beyond it. */
  readonly horizonFit: number;
  readonly horizonMiss: number;
  /** Already held (concentration), or a type the customer holds none of (diversification). */
  readonly alreadyHeld: number;
  readonly newType: number;
  /** Per past order of the same type, up to `affinityMax`. */
  readonly affinityPerOrder: number;
  readonly affinityMax: number;
  /** Expected return: points per percent, up to `returnMax`. */
  readonly returnPerPercent: number;
  readonly returnMax: number;
}

/** Longest lock-up (days) each horizon answer (A..D) accepts. */
export const HORIZON_DAYS: Readonly<Record<string, number>> = {
  A: 90,
  B: 365,
  C: 3 * 365,
  D: Number.POSITIVE_INFINITY,
};

export interface CandidateProduct {
  readonly productId: string;
  readonly name: string;
  readonly type: string;
  readonly level: number;
  readonly expectedReturnBp: number;
  readonly lockUpDays: number;
}

export interface CustomerContext {
  readonly level: number;
  /** The assessment's horizon answer (A..D). */
  readonly horizon: string;
  /** Products the customer holds now (pending or held). */
  readonly heldProductIds: readonly string[];
  readonly heldTypes: readonly string[];
  /** Types of the customer's past orders, one entry per order. */
  readonly pastOrderTypes: readonly string[];
}

export interface Reason {
  readonly factor: 'riskFit' | 'horizon' | 'holdings' | 'pastOrders' | 'expectedReturn';
  readonly points: number;
  readonly detail: string;
}

export interface Recommendation {
  readonly product: CandidateProduct;
  readonly score: number;
  readonly reasons: readonly Reason[];
}

/** Basis points as a percentage with two decimals, without floating point: 380 -> "3.80%". */
export function percentOf(bp: number): string {
  const abs = Math.abs(bp);
  return `${bp < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`;
}

export function recommend(
  products: readonly CandidateProduct[],
  c: CustomerContext,
  w: RecommendationWeights,
): Recommendation[] {
  const maxLockUp = HORIZON_DAYS[c.horizon] ?? 0;
  return products
    .filter((p) => p.level <= c.level)
    .map((p) => {
      const reasons: Reason[] = [];
      const below = c.level - p.level;
      reasons.push({
        factor: 'riskFit',
        points: w.riskFit - w.riskStep * below,
        detail:
          below === 0
            ? `R${p.level} matches your risk tolerance C${c.level}`
            : `R${p.level} is ${below} level(s) below your tolerance C${c.level}`,
      });
      const fits = p.lockUpDays <= maxLockUp;
      reasons.push({
        factor: 'horizon',
        points: fits ? w.horizonFit : w.horizonMiss,
        detail: fits
          ? `its ${p.lockUpDays}-day lock-up fits your investment horizon`
          : `its ${p.lockUpDays}-day lock-up is longer than your investment horizon`,
      });
      if (c.heldProductIds.includes(p.productId)) {
        reasons.push({
          factor: 'holdings',
          points: w.alreadyHeld,
          detail: 'you already hold it',
        });
      } else if (!c.heldTypes.includes(p.type)) {
        reasons.push({
          factor: 'holdings',
          points: w.newType,
          detail: `you hold no ${p.type} product yet (diversification)`,
        });
      }
      const sameType = c.pastOrderTypes.filter((t) => t === p.type).length;
      if (sameType) {
        reasons.push({
          factor: 'pastOrders',
          points: Math.min(w.affinityMax, sameType * w.affinityPerOrder),
          detail: `you have bought ${sameType} ${p.type} product order(s) before`,
        });
      }
      reasons.push({
        factor: 'expectedReturn',
        // Integer arithmetic on basis points: 100 bp = 1%.
        points: Math.min(w.returnMax, Math.floor((p.expectedReturnBp * w.returnPerPercent) / 100)),
        detail: `expected annualised return ${percentOf(p.expectedReturnBp)}`,
      });
      return { product: p, score: reasons.reduce((s, r) => s + r.points, 0), reasons };
    })
    .sort((a, b) => b.score - a.score || a.product.name.localeCompare(b.product.name));
}
