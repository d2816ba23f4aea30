// Idempotency of state-changing requests (docs/adr/0005-ledger-and-idempotency.md): the
// key and the request are hashed; the record is written in the same ledger transaction as
// the change it answers, so a retry finds either both or neither.
import { createHash } from 'node:crypto';
import { LedgerConditionError, type LedgerRepo } from '../adapters/ledger-repo';
import { Refusal } from '../../platform';

export interface IdempotentRequest {
  /** Whose key space: a customer id, or `staff:<username>` for staff operations. */
  readonly customerId: string;
  readonly key: string;
  readonly body: unknown;
}

export interface Reply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

/** Canonical JSON (sorted keys), so {a,b} and {b,a} are the same request. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export const idempotencyHashes = (req: IdempotentRequest) => ({
  keyHash: sha256(req.key),
  requestHash: sha256(canonical(req.body)),
});

export const reused = () =>
  new Refusal('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request.', [
    { path: 'header.Idempotency-Key', reason: 'was used with a different request body' },
  ]);

export const inProgress = () =>
  new Refusal('IDEMPOTENCY_IN_PROGRESS', 'The first request with this key is still in progress.');

/** The first answer to this key, if there was one (the same request), or a refusal. */
export async function replay(
  ledger: LedgerRepo,
  req: IdempotentRequest,
  table?: string,
): Promise<Reply | 'IN_PROGRESS' | undefined> {
  const { keyHash, requestHash } = idempotencyHashes(req);
  const rec = await ledger.idempotencyRecord(req.customerId, keyHash, table);
  if (!rec) return undefined;
  if (rec.requestHash !== requestHash) throw reused();
  if (rec.state !== 'COMPLETED' || !rec.response) return 'IN_PROGRESS';
  return rec.response as Reply;
}

/**
 * Runs a write that records its answer under the key (in `table`), or answers the first
 * result: the pattern of every idempotent request that is not a money movement.
 */
export async function onceFor(
  ledger: LedgerRepo,
  req: IdempotentRequest,
  table: string,
  write: (record: { keyHash: string; requestHash: string }) => Promise<Reply>,
): Promise<Reply> {
  const first = await replay(ledger, req, table);
  if (first === 'IN_PROGRESS') throw inProgress();
  if (first) return first;
  try {
    return await write(idempotencyHashes(req));
  } catch (error) {
    if (error instanceof LedgerConditionError && error.reason === 'idempotency') {
      const again = await replay(ledger, req, table);
      if (again && again !== 'IN_PROGRESS') return again;
    }
    throw error;
  }
}
