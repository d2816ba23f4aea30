// Orders with the suitability check (M2.2-a): a customer buys an approved product only
// within their valid risk tolerance (or one level above, acknowledged, where the rules
// allow). A confirmed order debits the cash account and opens a holding in one
// transaction, and settles through the settlement queue on the product's cycle (T+1 by
// default). Redemption follows the product's lock-up. Refusals are recorded under the
// request's key like any answer.
import { addDays } from '../../kernel';
import type { AssessmentsRepo } from '../adapters/assessments-repo';
import type { Holdings } from '../adapters/holdings';
import type { ProductsRepo } from '../adapters/products-repo';
import {
  confirm,
  cstDate,
  customerAccount,
  InvalidCursorError,
  insufficient,
  journals,
  type MoneyDeps,
  movementBody,
  newMovement,
  once,
  ref,
} from '../../money';
import { checkSuitability, warningFor } from '../domain/suitability';
import {
  DependencyError,
  NotFoundError,
  Refusal,
  suspended,
  ValidationError,
  type Switches,
} from '../../platform';
import type { IdempotentRequest, LedgerRepo, LedgerTx, Movement } from '../../money';

export interface OrderDeps extends MoneyDeps {
  readonly products: ProductsRepo;
  readonly assessments: AssessmentsRepo;
  readonly holdings: Holdings;
  /** The products table's kill switches: `sales` and `sales.<productId>` (ADR 0018). */
  readonly switches: Pick<Switches, 'runningCondition'>;
}

export interface OrderInput {
  readonly productId: string;
  readonly amount: number;
  readonly currency: 'CNY';
  readonly acknowledgeRiskWarning?: boolean | undefined;
}

/** An order as its customer sees it: the movement, the product and the suitability decision. */
function orderBody(m: Movement) {
  return {
    ...movementBody(m, 'orderId'),
    productId: m.productId ?? '',
    suitability: {
      customerLevel: m.suitability?.customerLevel ?? 0,
      productLevel: m.suitability?.productLevel ?? 0,
      acknowledged: m.suitability?.acknowledged ?? false,
      explanation: m.suitability?.explanation ?? '',
    },
  };
}

/**
 * A page of the customer's orders, newest first, each as GET /v1/orders/{id} answers it
 * (status and settlement date included). A cursor this API did not give is refused.
 */
export async function ownOrders(
  customerId: string,
  page: { limit: number; cursor?: string | undefined },
  ledger: Pick<LedgerRepo, 'movementsOfType'>,
) {
  try {
    const { movements, next } = await ledger.movementsOfType(
      customerAccount(customerId),
      'SUBSCRIPTION',
      page.limit,
      page.cursor,
    );
    return {
      items: movements.filter((m) => m.customerId === customerId).map(orderBody),
      ...(next ? { nextCursor: next } : {}),
    };
  } catch (error) {
    if (error instanceof InvalidCursorError)
      throw new ValidationError([
        { path: 'query.cursor', reason: 'is not a cursor this API gave' },
      ]);
    throw error;
  }
}

/** One of the customer's own orders; anyone else's, or none, is ORDER_NOT_FOUND. */
export async function ownOrder(
  customerId: string,
  orderId: string,
  ledger: Pick<LedgerRepo, 'movement'>,
) {
  const m = await ledger.movement(orderId);
  if (!m || m.customerId !== customerId || m.type !== 'SUBSCRIPTION')
    throw new Refusal('ORDER_NOT_FOUND', 'You have no order with this id.');
  return orderBody(m);
}

export async function placeOrder(
  req: IdempotentRequest & { input: OrderInput },
  deps: OrderDeps,
): Promise<Record<string, unknown>> {
  return once(deps.ledger, req, { recordRefusals: true }, async (key) => {
    const { input } = req;
    const product = await deps.products.get(input.productId);
    if (!product || product.status !== 'APPROVED') {
      throw new Refusal(
        'PRODUCT_NOT_AVAILABLE',
        product ? 'This product is under review and cannot be bought yet.' : 'No such product.',
        [{ path: 'body.productId', reason: 'is not a sellable product' }],
      );
    }
    if (input.amount < product.terms.minAmount) {
      throw new Refusal(
        'BELOW_MINIMUM_AMOUNT',
        `The minimum for this product is ${product.terms.minAmount} fen.`,
        [{ path: 'body.amount', reason: `must be at least ${product.terms.minAmount}` }],
      );
    }
    const assessment = await deps.assessments.current(req.customerId);
    const productLevel = product.rating.level;
    const decision = checkSuitability(
      {
        ...(assessment
          ? { customerLevel: assessment.level, assessmentExpiresAt: assessment.expiresAt }
          : {}),
        productLevel,
        acknowledged: input.acknowledgeRiskWarning === true,
        now: deps.clock.now(),
      },
      deps.settings.suitability.rules,
    );
    if (!decision.allowed) {
      throw new Refusal(decision.code, decision.explanation, [], {
        details: {
          ...(assessment ? { customerLevel: assessment.level } : {}),
          productLevel,
          acknowledgementAllowed: decision.acknowledgementAllowed,
          ...(decision.warning ? { warning: decision.warning } : {}),
        },
      });
    }
    const customerLevel = assessment?.level ?? 0;
    const m = newMovement('SUBSCRIPTION', req.customerId, input.amount, deps, {
      cycle: product.terms.settlementCycle,
      productId: product.productId,
      suitability: {
        customerLevel,
        productLevel,
        acknowledged: decision.acknowledged,
        // The warning the customer acknowledged, word for word.
        ...(decision.acknowledged ? { warning: warningFor(customerLevel, productLevel) } : {}),
        explanation: decision.explanation,
        assessedAt: assessment?.assessedAt ?? '',
      },
    });
    const limits = await deps.precheck?.check(m, product.terms.limits);
    return confirm(
      key,
      m,
      orderBody(m),
      deps,
      (tx) =>
        deps.holdings.open(
          salesRunning(tx, product.productId, deps)
            .createMovement(m)
            .journal(
              `${m.movementId}:confirm`,
              m,
              journals.subscriptionConfirmed(ref(m, deps), req.customerId),
              m.createdAt,
            ),
          {
            orderId: m.movementId,
            customerId: req.customerId,
            productId: product.productId,
            productName: product.name,
            productLevel,
            principal: m.amount,
            status: 'PENDING',
            lockUpEndsOn: addDays(m.settleOn, product.terms.lockUpDays),
            subscribedAt: m.createdAt,
          },
        ),
      (failed) =>
        failed.kind === 'funds'
          ? insufficient('order')
          : failed.kind === 'switch'
            ? suspended('Sales of this product are paused.')
            : new DependencyError(`order condition ${failed.kind} failed`),
      limits,
    );
  });
}

/**
 * The conditions that sales run (ADR 0018): of every product and of this one. Orders only;
 * redemptions never stop, so a customer can always take their money out.
 */
const salesRunning = (tx: LedgerTx, productId: string, deps: OrderDeps) =>
  tx
    .require({ kind: 'switch', name: 'sales' }, deps.switches.runningCondition('sales'))
    .require(
      { kind: 'switch', name: `sales.${productId}` },
      deps.switches.runningCondition(`sales.${productId}`),
    );

/** Redeems an order's whole position once its lock-up has ended. */
export async function redeemOrder(
  req: IdempotentRequest & { orderId: string },
  deps: OrderDeps,
): Promise<Record<string, unknown>> {
  return once(deps.ledger, req, { recordRefusals: true }, async (key) => {
    const holding = await deps.holdings.get(req.customerId, req.orderId);
    if (!holding) throw new NotFoundError('ORDER_NOT_FOUND', 'No such order of yours.');
    if (holding.status === 'PENDING') {
      throw new Refusal('ORDER_NOT_SETTLED', 'The order has not settled yet.');
    }
    if (holding.status !== 'HELD') {
      throw new Refusal('ALREADY_REDEEMED', 'This order is already redeemed.');
    }
    const today = cstDate(deps.clock.now());
    if (today < holding.lockUpEndsOn) {
      throw new Refusal(
        'LOCK_UP_ACTIVE',
        `This product's lock-up ends on ${holding.lockUpEndsOn}.`,
        [],
        { details: { lockUpEndsOn: holding.lockUpEndsOn } },
      );
    }
    const product = await deps.products.get(holding.productId);
    const m = newMovement('REDEMPTION', req.customerId, holding.principal, deps, {
      cycle: product?.terms.settlementCycle ?? 1,
      productId: holding.productId,
      orderId: holding.orderId,
    });
    return confirm(
      key,
      m,
      {
        ...movementBody(m, 'redemptionId'),
        orderId: holding.orderId,
        productId: holding.productId,
      },
      deps,
      (tx) =>
        deps.holdings.transition(
          tx
            .createMovement(m)
            .journal(
              `${m.movementId}:confirm`,
              m,
              journals.redemptionConfirmed(ref(m, deps)),
              m.createdAt,
            ),
          req.customerId,
          holding.orderId,
          'HELD',
          'REDEEMING',
          { redemptionId: m.movementId },
        ),
      (failed) =>
        failed.kind === 'holding'
          ? new Refusal('ALREADY_REDEEMED', 'This order is already redeemed.')
          : new DependencyError(`redemption condition ${failed.kind} failed`),
    );
  });
}
