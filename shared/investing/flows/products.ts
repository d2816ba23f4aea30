// Products and their risk rating with four-eyes approval (M2.2-b, M2.2-c): staff create a
// product, the platform rates it (explainably), and it becomes sellable only when a
// second staff member, neither its creator nor the author of its current version,
// approves that version. Any change of type, terms or metrics returns it to review.
// Every step is kept in the product's audit trail.
import { randomUUID } from 'node:crypto';
import {
  failedCondition,
  type IdempotentRequest,
  type LedgerRepo,
  type LedgerTx,
  once,
} from '../../money';
import type { Product, ProductsRepo } from '../adapters/products-repo';
import type { RuntimeSettings } from '../../settings';
import { rate } from '../domain/product-rating';
import {
  ConflictError,
  isReplayedBody,
  NotFoundError,
  Refusal,
  replayedBody,
} from '../../platform';
import type { ProductInput } from '../schemas';
import type { Clock } from '../../kernel';

export interface ProductDeps {
  /** Transactions (and idempotency records) on the products table. */
  readonly tx: LedgerRepo;
  readonly products: ProductsRepo;
  readonly settings: RuntimeSettings;
  readonly clock: Clock;
}

const ratingOf = (input: ProductInput, deps: ProductDeps) =>
  rate(
    input.type,
    { ...input.metrics, lockUpDays: input.terms.lockUpDays },
    input.qualitative,
    deps.settings.suitability.rating,
  );

const staffScope = (staff: string) => `staff:${staff}`;

export async function createProduct(
  staff: string,
  req: Omit<IdempotentRequest, 'customerId'> & { input: ProductInput },
  deps: ProductDeps,
): Promise<Product> {
  const scoped = { ...req, customerId: staffScope(staff) };
  return once(deps.tx, scoped, { table: deps.products.table, checkFirst: true }, async (key) => {
    const now = deps.clock.now().toISOString();
    const product: Product = {
      productId: randomUUID(),
      ...req.input,
      rating: ratingOf(req.input, deps),
      status: 'PENDING_REVIEW',
      version: 1,
      createdBy: staff,
      changedBy: staff,
      createdAt: now,
      updatedAt: now,
    };
    const tx = deps.products.save(key.answered(deps.tx.tx(), { ...product }), product, 'CREATED');
    return commitVersion(deps, tx, product);
  });
}

async function existing(productId: string, deps: ProductDeps): Promise<Product> {
  const p = await deps.products.get(productId);
  if (!p) throw new NotFoundError('PRODUCT_NOT_FOUND', 'No such product.');
  return p;
}

const concurrent = () =>
  new ConflictError('CONCURRENT_CHANGE', 'The product changed meanwhile; read it again.');

/**
 * Commits a product version with the answer recorded under the staff member's key (first
 * in the transaction, so a concurrent request with the key gets the first answer).
 */
async function commitVersion(deps: ProductDeps, tx: LedgerTx, product: Product): Promise<Product> {
  try {
    await deps.tx.commit(tx);
  } catch (error) {
    if (failedCondition(error, 'product')) throw concurrent();
    throw error;
  }
  return product;
}

/** A change of type, terms or metrics: a new version, rated again, back to review. */
export async function changeProduct(
  staff: string,
  productId: string,
  req: Omit<IdempotentRequest, 'customerId'> & { input: ProductInput },
  deps: ProductDeps,
): Promise<Product> {
  const scoped = { ...req, customerId: staffScope(staff), body: { productId, ...req.input } };
  return once(deps.tx, scoped, { table: deps.products.table, checkFirst: true }, async (key) => {
    const before = await existing(productId, deps);
    const now = deps.clock.now().toISOString();
    const product: Product = {
      ...before,
      ...req.input,
      rating: ratingOf(req.input, deps),
      status: 'PENDING_REVIEW',
      version: before.version + 1,
      changedBy: staff,
      updatedAt: now,
    };
    delete (product as { approvedBy?: string }).approvedBy;
    const tx = deps.products.save(key.answered(deps.tx.tx(), { ...product }), product, 'CHANGED', {
      version: before.version,
    });
    return commitVersion(deps, tx, product);
  });
}

/** The second pair of eyes: approves the version the reviewer saw, if they did not write it. */
export async function approveProduct(
  staff: string,
  productId: string,
  req: Omit<IdempotentRequest, 'customerId'> & { input: { version: number } },
  deps: ProductDeps,
): Promise<Product> {
  const scoped = {
    ...req,
    customerId: staffScope(staff),
    body: { approve: productId, ...req.input },
  };
  return once(deps.tx, scoped, { table: deps.products.table, checkFirst: true }, async (key) => {
    const before = await existing(productId, deps);
    if (before.createdBy === staff || before.changedBy === staff) {
      throw new Refusal(
        'FOUR_EYES_REQUIRED',
        'Four-eyes: a product is approved by a staff member who neither created it nor wrote its current version.',
      );
    }
    if (before.version !== req.input.version) {
      throw new Refusal(
        'VERSION_MISMATCH',
        `The product is at version ${before.version}; review it again.`,
        [{ path: 'body.version', reason: `is not the current version (${before.version})` }],
      );
    }
    if (before.status === 'APPROVED') {
      throw new Refusal('ALREADY_APPROVED', 'This version is already approved.');
    }
    const now = deps.clock.now().toISOString();
    const product: Product = { ...before, status: 'APPROVED', approvedBy: staff, updatedAt: now };
    const tx = deps.products.save(key.answered(deps.tx.tx(), { ...product }), product, 'APPROVED', {
      version: before.version,
      status: 'PENDING_REVIEW',
    });
    return commitVersion(deps, tx, product);
  });
}

/** What customers see: sellable (approved) products with rating, expected return and terms. */
export async function sellableProducts(deps: Pick<ProductDeps, 'products'>) {
  const all = await deps.products.catalog();
  return all
    .filter((p) => p.status === 'APPROVED')
    .map(({ status: _s, version: _v, ...p }) => p)
    .sort(
      (a, b) => Number(a.level) - Number(b.level) || String(a.name).localeCompare(String(b.name)),
    );
}

/** A product (or catalogue line) with its terms as answers show them: the cycle as 'T+n'. */
export function productOut<P extends { terms?: unknown }>(
  p: P,
): Omit<P, 'terms'> & { terms: unknown } {
  const terms = p.terms as { settlementCycle?: unknown } | undefined;
  const out =
    typeof terms?.settlementCycle === 'number'
      ? { ...p, terms: { ...terms, settlementCycle: `T+${terms.settlementCycle}` } }
      : { ...p, terms };
  // A stored answer given again stays marked as one (Idempotency-Replayed).
  return isReplayedBody(p) ? replayedBody(out) : out;
}
