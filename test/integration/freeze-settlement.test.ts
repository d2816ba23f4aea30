// A freeze stops money already on its way (issue 12, finding "High: no durable account
// freeze"; ADR 0015): a transfer confirmed before its sender was frozen is not paid to its
// recipient while the freeze lasts (settlement answers AWAITING_UNFREEZE and notes it), and
// unfreezing sends it again, so it settles once; nothing is lost meanwhile.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as moneyDeps from '../../functions/deps/money';
import { transfer } from '../../shared/money/flows/money';
import { settle } from '../../shared/money/flows/settlement';
import { asFunction, useEmulator } from '../support/aws';
import { api, onboardCustomer, staffToken } from '../support/http';
import { account, eventually, fund } from '../support/money';

beforeAll(() => useEmulator());

const at = (iso: string) => ({ now: () => new Date(iso) });

const setStatus = async (customerId: string, action: string) =>
  api<{ status: string }>('POST', `/v1/ops/customers/${customerId}/status`, {
    token: await staffToken('risk-officer'),
    body: { action, reason: 'integration test' },
    headers: { 'idempotency-key': randomUUID() },
  });

describe('a freeze and money in flight (M4.4-a, M2.3-b)', () => {
  it('M4.4-a High finding (no durable account freeze): an in-flight transfer of a frozen customer is not paid out, and settles once after unfreezing', async () => {
    const [a, b] = await Promise.all([onboardCustomer(), onboardCustomer()]);
    await fund(a.idToken, 9_000);
    const settings = asFunction('transfer', () => moneyDeps.base().settings);
    const overrides = { settlement: { ...settings.settlement, t0MaxAmount: 1_000 } };
    const reply = await asFunction('transfer', () =>
      transfer(
        {
          customerId: a.customerId,
          key: `freeze-${randomUUID()}`,
          operation: 'transfer',
          body: { x: 1 },
          input: { toCustomerId: b.customerId, amount: 5_000, currency: 'CNY' },
        },
        // Years ahead: the shared platform's settler, on the real clock, never finds it due.
        moneyDeps.transfer(at('2035-11-23T02:00:00Z'), overrides),
      ),
    );
    expect(reply).toMatchObject({ settleOn: '2035-11-26', status: 'PENDING' });
    const movementId = String(reply.transferId);
    await eventually(
      () => asFunction('settler', () => moneyDeps.base().ledger.movement(movementId)),
      (m) => m?.screen !== undefined,
    );

    expect((await setStatus(a.customerId, 'FREEZE')).status).toBe(200);
    const monday = at('2035-11-26T01:00:00Z');
    const during = () => asFunction('settler', () => settle(movementId, moneyDeps.settle(monday)));
    expect(await during()).toBe('AWAITING_UNFREEZE');
    // A duplicate delivery while frozen waits too; nothing moved, nothing was lost.
    expect(await during()).toBe('AWAITING_UNFREEZE');
    expect((await account(b.idToken)).balance).toBe(0);
    expect((await account(a.idToken)).balance).toBe(4_000);
    const ledger = asFunction('settler', () => moneyDeps.base().ledger);
    expect(await asFunction('settler', () => ledger.awaiting({ unfreeze: a.customerId }))).toEqual([
      movementId,
    ]);

    // Unfreezing sends its settlement again (the local settler takes it; today is before its
    // date, so it is settled here on its date), and forgets that it waited.
    expect((await setStatus(a.customerId, 'UNFREEZE')).status).toBe(200);
    expect(await asFunction('settler', () => ledger.awaiting({ unfreeze: a.customerId }))).toEqual(
      [],
    );
    expect(await during()).toBe('SETTLED');
    expect(await during()).toBe('ALREADY_DONE');
    expect((await account(b.idToken)).balance).toBe(5_000);
    expect((await account(a.idToken)).balance).toBe(4_000);
  });
});
