// Staff operations on money (M2.3-c, M4.4-a): the settlement log by date and status,
// retrying a stuck settlement, and reconciliation on demand.
import type { CustomersRepo } from '../../identity';
import { failedCondition, type LedgerRepo } from '../adapters/ledger-repo';
import type { Movement, MovementStatus } from '../domain/movement';
import { mayProceed } from '../domain/screening';
import type { MessageQueue } from '../../platform';
import type { RuntimeSettings } from '../../settings';
import {
  reconcile,
  type ProviderRecord,
  type ReconciliationReport,
} from '../domain/reconciliation';
import { logger, NotFoundError, Refusal } from '../../platform';
import { once, staffRequest } from './idempotency';
import type { Clock } from '../../kernel';

export interface OpsDeps {
  readonly ledger: LedgerRepo;
  readonly customers: CustomersRepo;
  readonly settlementQueue: MessageQueue;
  readonly settings: RuntimeSettings;
  readonly clock: Clock;
}

/** The settlement log of a date: every movement with its statuses; customers masked. */
/** Rows a settlement-log page holds at most, and by default. */
export const SETTLEMENT_LOG_MAX_PAGE = 100;
export const SETTLEMENT_LOG_DEFAULT_PAGE = 50;

/**
 * A page of the settlement log of a date (M2.3-c): each movement with its status history,
 * its customer and counterparty masked. Costs one Query and one BatchGetItem per 100
 * distinct customers on the page (so at most 3 requests for a page of 100).
 */
export async function settlementLog(
  date: string,
  page: {
    status?: MovementStatus | undefined;
    limit?: number | undefined;
    cursor?: string | undefined;
  },
  deps: Pick<OpsDeps, 'ledger' | 'customers' | 'settings'>,
) {
  const { rows, next } = await deps.ledger.settlementLogPage(
    date,
    deps.settings.ledger.platformShards,
    {
      ...(page.status ? { status: page.status } : {}),
      limit: page.limit ?? SETTLEMENT_LOG_DEFAULT_PAGE,
      ...(page.cursor ? { cursor: page.cursor } : {}),
    },
  );
  const masked = await deps.customers.maskedOf(
    rows.flatMap((r) => [r.customerId, ...(r.counterpartyId ? [r.counterpartyId] : [])]),
  );
  const maskOf = (customerId: string) => {
    const m = masked.get(customerId);
    return m ? `${m.name} ${m.phone}` : 'unknown customer';
  };
  const items = rows.map((r) => ({
    movementId: r.movementId,
    type: r.type,
    amount: r.amount,
    currency: r.currency,
    customer: maskOf(r.customerId),
    ...(r.counterpartyId ? { counterparty: maskOf(r.counterpartyId) } : {}),
    settlementCycle: `T+${r.cycle}`,
    settleOn: r.settleOn,
    status: r.status,
    ...(r.screen ? { screen: r.screen } : {}),
    history: r.history,
    createdAt: r.createdAt,
  }));
  return {
    date,
    ...(page.status ? { status: page.status } : {}),
    items,
    ...(next ? { nextCursor: next } : {}),
  };
}

const RETRYABLE: MovementStatus[] = ['PENDING', 'SETTLING', 'RETRIED'];

/**
 * Marks a stuck movement RETRIED (recorded with who asked) and enqueues it again. The
 * staff member's Idempotency-Key is recorded in the same transaction: a retried request
 * answers the first result and does not mark or enqueue the movement twice.
 */
export async function retrySettlement(
  movementId: string,
  staff: string,
  idempotency: { readonly key: string; readonly operation: string },
  deps: Pick<OpsDeps, 'ledger' | 'settlementQueue' | 'clock'>,
): Promise<{ movementId: string; status: 'RETRIED' }> {
  const req = staffRequest(staff, idempotency, { retry: movementId });
  return once(deps.ledger, req, { checkFirst: true }, async (idem) => {
    const m: Movement | undefined = await deps.ledger.movement(movementId);
    if (!m) throw new NotFoundError('SETTLEMENT_NOT_FOUND', 'No such movement.');
    if (!RETRYABLE.includes(m.status)) {
      throw new Refusal('NOT_RETRYABLE', `A ${m.status} movement cannot be retried.`);
    }
    if (!mayProceed(m)) {
      throw new Refusal(
        'NOT_RETRYABLE',
        'Risk screening has not cleared the movement: a risk officer releases or rejects a hold.',
      );
    }
    const body = { movementId, status: 'RETRIED' as const };
    try {
      await deps.ledger.commit(
        idem
          .answered(deps.ledger.tx(), body, movementId)
          .transition(m, m.status, 'RETRIED', deps.clock.now().toISOString(), {
            note: `retried by ${staff}`,
          }),
      );
    } catch (error) {
      // The same key concurrently: `once` answers with the first result.
      if (failedCondition(error, 'movement'))
        throw new Refusal('CONCURRENT_CHANGE', 'The movement changed meanwhile; look again.');
      throw error;
    }
    try {
      await deps.settlementQueue.send({ movementId });
    } catch (error) {
      // Marked RETRIED: the release job enqueues RETRIED movements whose date has come.
      logger.warn('retry enqueue failed; the release job will enqueue it', { movementId, error });
    }
    logger.info('settlement retried', { movementId, staff });
    return body;
  });
}

export interface ReconcileDeps {
  readonly ledger: Pick<LedgerRepo, 'reconciliationSnapshot'>;
  /** The payment provider's records, where the stage has a simulator to read them from. */
  readonly provider?: { records(): Promise<ProviderRecord[]> };
  readonly clock: Clock;
}

/** Reads the ledger and the provider's records and reconciles them. */
export async function runReconciliation(
  graceSeconds: number,
  deps: ReconcileDeps,
): Promise<ReconciliationReport & { runAt: string }> {
  const runAt = deps.clock.now();
  const [ledger, provider] = await Promise.all([
    deps.ledger.reconciliationSnapshot(),
    deps.provider ? deps.provider.records() : Promise.resolve([]),
  ]);
  const report = reconcile({
    ...ledger,
    provider,
    settledBefore: new Date(runAt.getTime() - graceSeconds * 1000).toISOString(),
  });
  logger.info('reconciliation', {
    clean: report.clean,
    breaks: report.breaks.length,
    ...report.checked,
  });
  return { runAt: runAt.toISOString(), ...report };
}
