// The idempotency module's stored answers: a success replays its body, a refusal is
// raised again with the same problem document, and records written before answers were
// stored as such (an HTTP `response`) replay the same way.
import { describe, expect, it } from 'vitest';
import {
  IdempotencyKey,
  lookup,
  once,
  replay,
  storedRefusal,
} from '../../shared/money/flows/idempotency';
import type { IdempotencyRecord, LedgerRepo } from '../../shared/money/adapters/ledger-repo';
import { Refusal } from '../../shared/platform/errors';
import { problemOf } from '../../shared/platform/http/errors';

const request = {
  customerId: 'cust-1',
  key: 'k-1',
  operation: 'deposit',
  body: { amount: 100, currency: 'CNY' },
};
const key = new IdempotencyKey(request, 'ledger');
const ledgerWith = (rec: (IdempotencyRecord & Record<string, unknown>) | undefined) =>
  ({ idempotencyRecord: async () => rec }) as unknown as LedgerRepo;

describe('stored answers', () => {
  it('M2.3-a replays a success body as it was', async () => {
    const body = { transferId: 't-1', status: 'PENDING', amount: 100 };
    const first = await lookup(
      ledgerWith({ requestHash: key.requestHash, state: 'COMPLETED', answer: { ok: body } }),
      key,
    );
    expect(first.state).toBe('ANSWERED');
    expect(first.state === 'ANSWERED' && replay(first.answer)).toEqual(body);
  });

  it('M2.3-a raises a recorded refusal again, with the same problem document', () => {
    const refusal = new Refusal('PAYMENT_DECLINED', 'The card issuer declined the top-up.', [], {
      details: { depositId: 'd-1' },
    });
    let again: unknown;
    try {
      replay(storedRefusal(refusal));
    } catch (error) {
      again = error;
    }
    expect(again).toBeInstanceOf(Refusal);
    expect(problemOf(again)).toEqual(problemOf(refusal));
    expect(problemOf(again)).toMatchObject({ status: 422, depositId: 'd-1' });
  });

  it('refuses another body under the same key (422) and says when the first is still running (409)', async () => {
    await expect(
      lookup(ledgerWith({ requestHash: 'other', state: 'COMPLETED', answer: { ok: {} } }), key),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
    const running = await lookup(
      ledgerWith({ requestHash: key.requestHash, state: 'IN_PROGRESS', movementId: 'm-1' }),
      key,
    );
    expect(running).toMatchObject({ state: 'IN_PROGRESS', record: { movementId: 'm-1' } });
    expect(await lookup(ledgerWith(undefined), key)).toEqual({ state: 'NEW' });
  });

  it('reads records written before answers were stored as such (an HTTP response)', async () => {
    const ok = await lookup(
      ledgerWith({
        requestHash: key.requestHash,
        state: 'COMPLETED',
        response: { status: 201, body: { withdrawalId: 'w-1' } },
      }),
      key,
    );
    expect(ok.state === 'ANSWERED' && replay(ok.answer)).toEqual({ withdrawalId: 'w-1' });
    const refused = await lookup(
      ledgerWith({
        requestHash: key.requestHash,
        state: 'COMPLETED',
        response: {
          status: 422,
          body: {
            type: 'https://docs.finplat.example/problems/insufficient-funds',
            title: 'Unprocessable Content',
            status: 422,
            detail: 'The available balance does not cover this transfer.',
            code: 'INSUFFICIENT_FUNDS',
          },
        },
      }),
      key,
    );
    expect(() => refused.state === 'ANSWERED' && replay(refused.answer)).toThrow(
      'The available balance does not cover this transfer.',
    );
  });
});

describe('a key bound to its operation (M2.3-a)', () => {
  const completed = (operation?: string) =>
    ledgerWith({
      requestHash: key.requestHash,
      ...(operation ? { operation } : {}),
      state: 'COMPLETED',
      answer: { ok: { depositId: 'd-1' } },
    });

  it('M2.3-a answers the operation the key was used with', async () => {
    expect((await lookup(completed('deposit'), key)).state).toBe('ANSWERED');
  });

  it('M2.3-a refuses the same key and body sent to another operation: IDEMPOTENCY_KEY_REUSED', async () => {
    const withdrawal = new IdempotencyKey({ ...request, operation: 'withdraw' }, 'ledger');
    const refused = await lookup(completed('deposit'), withdrawal).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Refusal);
    expect(problemOf(refused)).toMatchObject({
      status: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
      fields: [{ path: 'header.Idempotency-Key', reason: 'was used with a different operation' }],
    });
  });

  it('M2.3-a refuses the same key with another body, whatever the operation', async () => {
    const other = new IdempotencyKey(
      { ...request, body: { amount: 101, currency: 'CNY' } },
      'ledger',
    );
    await expect(lookup(completed('deposit'), other)).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
  });

  it('reads a record from before keys were bound to operations by its body alone', async () => {
    expect((await lookup(completed(undefined), key)).state).toBe('ANSWERED');
  });
});

describe('a refusal caused by a twin request (M2.3-a)', () => {
  const alreadyApproved = async (): Promise<unknown> => {
    throw new Refusal('ALREADY_APPROVED', 'This version is already approved.');
  };

  it("M2.3-a answers with the twin's first answer when the same key's twin did the work first", async () => {
    const twin = ledgerWith({
      requestHash: key.requestHash,
      operation: 'deposit',
      state: 'COMPLETED',
      answer: { ok: { productId: 'p-1', status: 'APPROVED' } },
    });
    expect(await once(twin, request, { checkFirst: false }, alreadyApproved)).toEqual({
      productId: 'p-1',
      status: 'APPROVED',
    });
  });

  it('M2.3-a keeps the refusal when the key has no answer', async () => {
    await expect(once(ledgerWith(undefined), request, {}, alreadyApproved)).rejects.toMatchObject({
      code: 'ALREADY_APPROVED',
    });
  });
});
