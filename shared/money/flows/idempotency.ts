// Idempotency of state-changing requests (docs/adr/0005-ledger-and-idempotency.md): the one
// module every write that takes an Idempotency-Key goes through. The key and the request
// are hashed; the answer (the success body, or the refusal) is recorded in the same
// transaction as the change it answers, so a retry finds either both or neither, and gets
// the first answer: the same body, or the same refusal raised again.
import { canonical } from '../../kernel';
import { createHash } from 'node:crypto';
import {
  ConflictError,
  Refusal,
  replayedBody,
  type FieldError,
  type ProblemCode,
} from '../../platform';
import {
  failedCondition,
  type IdempotencyRecord,
  type LedgerRepo,
  type LedgerTx,
  type StoredAnswer,
  type TxCondition,
} from '../adapters/ledger-repo';

export interface IdempotentRequest {
  /** Whose key space: a customer id, or `staff:<username>` for staff operations. */
  readonly customerId: string;
  readonly key: string;
  /**
   * The operation the key was sent to (the route's operation id): a key answers only the
   * operation it was first used with; another operation with it is IDEMPOTENCY_KEY_REUSED.
   */
  readonly operation: string;
  readonly body: unknown;
}

/**
 * A staff member's request as `once` keys it: in the staff member's own key space, with
 * what it acts on in the body, so one key cannot answer for another target.
 */
export function staffRequest(
  staff: string,
  req: { readonly key: string; readonly operation: string },
  body: Record<string, unknown>,
): IdempotentRequest {
  return { customerId: `staff:${staff}`, key: req.key, operation: req.operation, body };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

/** Canonical JSON (sorted keys), so {a,b} and {b,a} are the same request. */
export { canonical };

export const reused = (what: 'body' | 'operation') =>
  new Refusal('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request.', [
    {
      path: 'header.Idempotency-Key',
      reason:
        what === 'body'
          ? 'was used with a different request body'
          : 'was used with a different operation',
    },
  ]);

/** Seconds a client waits before retrying a key whose first request is still running. */
export const IN_PROGRESS_RETRY_AFTER_SECONDS = 1;

export const inProgress = () =>
  new Refusal(
    'IDEMPOTENCY_IN_PROGRESS',
    'The first request with this key is still in progress; retry shortly with the same key.',
    [],
    { retryAfterSeconds: IN_PROGRESS_RETRY_AFTER_SECONDS },
  );

/** A request's key: its record's place, and the transaction items that write the record. */
export class IdempotencyKey {
  readonly owner: string;
  readonly operation: string;
  readonly keyHash: string;
  readonly requestHash: string;

  constructor(
    req: IdempotentRequest,
    /** The table of the change the key answers (its record lives beside it). */
    readonly table: string,
    /**
     * The request's fingerprint where a plain hash would not do: a body with personal data
     * (a registration) is fingerprinted with a keyed HMAC, so the record reveals nothing.
     */
    requestHash?: string,
  ) {
    this.owner = req.customerId;
    this.operation = req.operation;
    this.keyHash = sha256(req.key);
    this.requestHash = requestHash ?? sha256(canonical(req.body));
  }

  private record(
    tx: LedgerTx,
    rec: Omit<IdempotencyRecord, 'requestHash' | 'operation'>,
  ): LedgerTx {
    return tx.idempotency(
      this.owner,
      this.keyHash,
      { requestHash: this.requestHash, operation: this.operation, ...rec },
      this.table,
    );
  }

  /** The completed answer, written with the change (fails the transaction if the key is used). */
  answered<T extends LedgerTx>(tx: T, body: unknown, movementId?: string): T {
    this.record(tx, {
      state: 'COMPLETED',
      answer: { ok: body },
      ...(movementId ? { movementId } : {}),
    });
    return tx;
  }

  /** A refusal as the key's answer. */
  refused(tx: LedgerTx, refusal: Refusal): LedgerTx {
    return this.record(tx, { state: 'COMPLETED', answer: storedRefusal(refusal) });
  }

  /** The key taken before a step outside the transaction (a deposit's card charge). */
  begun(tx: LedgerTx, movementId: string): LedgerTx {
    return this.record(tx, { state: 'IN_PROGRESS', movementId });
  }

  /** Completes a begun key. */
  completed(tx: LedgerTx, answer: StoredAnswer): LedgerTx {
    return tx.completeIdempotency(this.owner, this.keyHash, answer);
  }
}

export const storedRefusal = (r: Refusal): StoredAnswer => ({
  refused: {
    code: r.code,
    message: r.message,
    fields: [...r.fields],
    ...(r.details ? { details: r.details } : {}),
  },
});

/** The body of a stored answer, or its refusal raised again. */
export function replay(answer: StoredAnswer): unknown {
  if ('ok' in answer) return replayedBody(answer.ok);
  const { code, message, fields, details } = answer.refused;
  throw new Refusal(code, message, fields, { ...(details ? { details } : {}), replayed: true });
}

/** A record written before answers were stored as such: `response`, an HTTP reply. */
function legacyAnswer(rec: IdempotencyRecord): StoredAnswer | undefined {
  const response = (rec as { response?: { status: number; body: Record<string, unknown> } })
    .response;
  if (!response) return undefined;
  if (response.status < 300) return { ok: response.body };
  const { code, detail, fields, type: _t, title: _ti, status: _s, ...details } = response.body;
  return {
    refused: {
      code: code as ProblemCode,
      message: String(detail),
      fields: (fields as FieldError[] | undefined) ?? [],
      ...(Object.keys(details).length ? { details } : {}),
    },
  };
}

export type FirstAnswer =
  | { readonly state: 'NEW' }
  | { readonly state: 'IN_PROGRESS'; readonly record: IdempotencyRecord }
  | { readonly state: 'ANSWERED'; readonly answer: StoredAnswer };

/** What the key holds: nothing yet, a request in progress, or its answer (refused: another body). */
export async function lookup(ledger: LedgerRepo, key: IdempotencyKey): Promise<FirstAnswer> {
  const rec = await ledger.idempotencyRecord(key.owner, key.keyHash, key.table);
  if (!rec) return { state: 'NEW' };
  // Records written before keys were bound to their operation have none: body only.
  if (rec.operation !== undefined && rec.operation !== key.operation) throw reused('operation');
  if (rec.requestHash !== key.requestHash) throw reused('body');
  const answer = rec.answer ?? legacyAnswer(rec);
  if (rec.state !== 'COMPLETED' || !answer) return { state: 'IN_PROGRESS', record: rec };
  return { state: 'ANSWERED', answer };
}

async function firstAnswer(
  ledger: LedgerRepo,
  key: IdempotencyKey,
): Promise<{ body: unknown } | undefined> {
  const first = await lookup(ledger, key);
  if (first.state === 'NEW') return undefined;
  if (first.state === 'IN_PROGRESS') throw inProgress();
  return { body: replay(first.answer) };
}

export interface OnceOptions {
  /** The table the record lives in (the change's own); the ledger by default. */
  readonly table?: string;
  /** Read the key before running: for writes that read much before they commit. */
  readonly checkFirst?: boolean;
  /**
   * A business refusal (422) is the key's answer as much as a success: recorded, so a
   * retry gets the same answer even after the balance or the recipient has changed.
   */
  readonly recordRefusals?: boolean;
}

/** Refusals about the key itself: never the answer of a twin. */
const KEY_CODES = new Set<string>([
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_IN_PROGRESS',
  'IDEMPOTENCY_KEY_REQUIRED',
]);

/**
 * Runs a write that records its answer under the request's key (with `key.answered`, in
 * its own transaction), or answers the key's first result: the same body, or the same
 * refusal. A concurrent request with the key meets the record's condition and gets the
 * first answer, or IDEMPOTENCY_IN_PROGRESS while the first is still running.
 */
export async function once<T>(
  ledger: LedgerRepo,
  req: IdempotentRequest,
  opts: OnceOptions,
  run: (key: IdempotencyKey) => Promise<T>,
): Promise<T> {
  const key = new IdempotencyKey(req, opts.table ?? ledger.table);
  if (opts.checkFirst) {
    const first = await firstAnswer(ledger, key);
    if (first) return first.body as T;
  }
  try {
    return await run(key);
  } catch (error) {
    if (failedCondition(error, 'idempotency')) {
      const first = await firstAnswer(ledger, key);
      if (first) return first.body as T;
      throw error;
    }
    if (!(error instanceof Refusal) || KEY_CODES.has(error.code)) throw error;
    if (!opts.recordRefusals || error.status !== 422) {
      // A refusal this request was not to record may come from its twin (the same key at
      // the same time) having done the work first, e.g. "already approved": the twin's
      // answer is this request's too. One read, on refusals only.
      const first = await firstAnswer(ledger, key);
      if (first) return first.body as T;
      throw error;
    }
    try {
      await ledger.commit(key.refused(ledger.tx(), error));
    } catch (recordError) {
      if (!failedCondition(recordError, 'idempotency')) throw recordError;
      const first = await firstAnswer(ledger, key);
      if (first) return first.body as T;
      throw recordError;
    }
    throw error;
  }
}

/**
 * Commits a staff member's change; a failed condition of one of `kinds` means someone
 * changed the same thing first: 409 CONCURRENT_CHANGE with `message`.
 */
export async function commitChange(
  ledger: LedgerRepo,
  tx: LedgerTx,
  kinds: readonly TxCondition['kind'][],
  message: string,
): Promise<void> {
  try {
    await ledger.commit(tx);
  } catch (error) {
    if (failedCondition(error, ...kinds)) throw new ConflictError('CONCURRENT_CHANGE', message);
    throw error;
  }
}
