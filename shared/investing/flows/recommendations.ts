// GET /v1/products/recommendations: suitable products ranked for the signed-in customer
// from their profile: risk level and horizon (assessment), holdings and past orders.
import type { AssessmentsRepo } from '../adapters/assessments-repo';
import type { Holdings } from '../adapters/holdings';
import type { ProductsRepo } from '../adapters/products-repo';
import type { RuntimeSettings } from '../../settings';
import { recommend, type CandidateProduct } from '../domain/recommendations';
import { Refusal } from '../../platform';
import type { Clock } from '../../kernel';
import { sellableProducts } from './products';

/** The factors drawn from the customer's holdings and orders (marketing use, M7.1-b). */
const BEHAVIOURAL = new Set(['holdings', 'pastOrders']);

export interface RecommendationDeps {
  readonly products: ProductsRepo;
  readonly assessments: AssessmentsRepo;
  readonly holdings: Holdings;
  readonly settings: RuntimeSettings;
  readonly clock: Clock;
}

/**
 * `personalised`: whether the customer's marketing consent is given now (M7.1-a). Without it
 * the ranking uses only what suitability requires (risk level and horizon from the
 * assessment) and the products' own terms, never the customer's holdings or past orders.
 */
export async function recommendationsFor(
  customerId: string,
  deps: RecommendationDeps,
  personalised = true,
) {
  const [assessment, catalog, holdings] = await Promise.all([
    deps.assessments.current(customerId),
    sellableProducts(deps),
    personalised ? deps.holdings.of(customerId) : [],
  ]);
  if (!assessment)
    throw new Refusal(
      'ASSESSMENT_REQUIRED',
      'Complete the risk-tolerance assessment to get recommendations.',
    );
  if (new Date(assessment.expiresAt) <= deps.clock.now())
    throw new Refusal(
      'ASSESSMENT_EXPIRED',
      `Your assessment expired on ${assessment.expiresAt}; assess again.`,
    );
  const candidates: CandidateProduct[] = catalog.map((p) => ({
    productId: String(p.productId),
    name: String(p.name),
    type: String(p.type),
    level: Number(p.level),
    expectedReturnBp: Number(p.expectedReturnBp),
    lockUpDays: Number((p.terms as { lockUpDays?: number } | undefined)?.lockUpDays ?? 0),
  }));
  const typeOf = new Map(candidates.map((p) => [p.productId, p.type]));
  const open = personalised
    ? holdings.filter((h) => h.status === 'PENDING' || h.status === 'HELD')
    : [];
  const ranked = recommend(
    candidates,
    {
      level: assessment.level,
      horizon: assessment.contributions.find((c) => c.questionId === 'horizon')?.answer ?? 'A',
      heldProductIds: open.map((h) => h.productId),
      heldTypes: open.map((h) => typeOf.get(h.productId) ?? ''),
      pastOrderTypes: personalised ? holdings.map((h) => typeOf.get(h.productId) ?? '') : [],
    },
    deps.settings.suitability.recommendations,
  );
  return {
    customerLevel: assessment.level,
    personalised,
    recommendations: ranked.map((r) => {
      // Unpersonalised: no reason drawn from the customer's behaviour, nor its points.
      const reasons = personalised
        ? r.reasons
        : r.reasons.filter((x) => !BEHAVIOURAL.has(x.factor));
      return { ...r.product, score: reasons.reduce((s, x) => s + x.points, 0), reasons };
    }),
  };
}
