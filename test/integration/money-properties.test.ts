// M2.3-a..c, M2.5-c, M2.2-a, M4.1-a: money is never lost, duplicated or made up. Random
// sequences of deposits, withdrawals, transfers, orders and redemptions among several
// customers go through the HTTP API concurrently, with retried requests, duplicated
// settlement deliveries and injected AWS errors (before a call, and after it with the
// response lost). One customer signed in on a new device, so their large outflows are held
// by risk screening (ADR 0012), and a risk officer releases or rejects each hold meanwhile,
// retrying decisions and sending late second ones. Afterwards: every journal balances,
// reconciliation is clean, the customers' balances sum to deposits minus paid withdrawals,
// no balance is negative, each idempotency key moved money at most once, and every hold
// was decided exactly once: released ones settled, rejected ones failed with their money
// back.
//
// This file runs its own platform (own emulator) in this worker, so that the fault
// injector sits in the same process as the handlers and nothing else writes its ledger.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerRepo } from '../../shared/money/adapters/ledger-repo';
import { SimulatedProvider } from '../../shared/money/adapters/payment-provider';
import { setFaultInjector } from '../support/sdk';
import { answerOf } from '../support/http';
import { mulberry32 } from '../support/random';
import { runReconciliation } from '../../shared/money/flows/ops';
import { systemClock } from '../../shared/kernel/clock';
import type { LocalPlatform } from '../../infra/local/platform';
import { startOwnPlatform } from '../support/own-platform';
import {
  ACTIONABLE_REFUSALS,
  drain,
  duplicateSettlement,
  movementIdOf,
  World,
} from '../support/world';

let platform: LocalPlatform;
let world: World;

beforeAll(async () => {
  platform = await startOwnPlatform();
  world = new World(platform.apiUrl);
}, 120_000);

afterAll(async () => {
  setFaultInjector(undefined);
  await platform?.stop();
});

type Op =
  | { kind: 'big'; flow: 'transfer' | 'withdraw'; to: number }
  | { kind: 'deposit'; who: number; amount: number }
  | { kind: 'withdraw'; who: number; amount: number }
  | { kind: 'transfer'; who: number; to: number; amount: number }
  | { kind: 'order'; who: number; amount: number }
  | { kind: 'redeem'; who: number; pick: number };

const CUSTOMERS = 4;
/** A large outflow by customer 0 (signed in on a new device): held (`change-before-large-outflow`). */
const BIG = 1_000_000;
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('big' as const),
    flow: fc.constantFrom('transfer' as const, 'withdraw' as const),
    to: fc.integer({ min: 1, max: CUSTOMERS - 1 }),
  }),
  fc.record({
    kind: fc.constant('deposit' as const),
    who: fc.nat(CUSTOMERS - 1),
    amount: fc.integer({ min: 1, max: 5_000 }),
  }),
  fc.record({
    kind: fc.constant('withdraw' as const),
    who: fc.nat(CUSTOMERS - 1),
    amount: fc.integer({ min: 1, max: 3_000 }),
  }),
  fc.record({
    kind: fc.constant('transfer' as const),
    who: fc.nat(CUSTOMERS - 1),
    to: fc.nat(CUSTOMERS - 1),
    amount: fc.integer({ min: 1, max: 3_000 }),
  }),
  fc.record({
    kind: fc.constant('order' as const),
    who: fc.nat(CUSTOMERS - 1),
    amount: fc.integer({ min: 1, max: 3_000 }),
  }),
  fc.record({
    kind: fc.constant('redeem' as const),
    who: fc.nat(CUSTOMERS - 1),
    pick: fc.nat(20),
  }),
);

describe('money is conserved (M2.3-a, M2.3-c, M2.5-c)', () => {
  it('M2.3-a M2.3-c M4.1-a conserves money under concurrency, retries, duplicate deliveries and injected AWS faults, and decides every risk hold exactly once', async () => {
    const customers: { customerId: string; token: string; phone: string }[] = [];
    for (let i = 0; i < CUSTOMERS; i++) customers.push(await world.onboard(i));
    const productId = await world.productAndAssessments(customers);
    // Customer 0 signs in on a device never seen before: their large outflows are held.
    const newDevice = await world.call(
      'POST',
      '/v1/auth/login',
      { phone: customers[0]!.phone, password: 'Correct-Horse-9' },
      { 'x-device-id': `new-device-${randomUUID()}` },
    );
    expect(newDevice.status).toBe(200);
    await new Promise((r) => setTimeout(r, 2_000)); // the sign-in is scored
    const risk = await world.staffToken('risk-officer');
    /** Every hold decided, by movement: what the officer was answered 200 for. */
    const decided = new Map<string, string>();
    const ordersOf = new Map<number, string[]>();
    const settlementQueue = platform.queues.settler?.url ?? '';

    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 20, maxLength: 40 }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        async (ops, seed) => {
          const random = mulberry32(seed);
          let injected = 0;
          let eligible = 0;
          let duplicates = 0;
          // 8% of ledger transactions and queue sends fail, half before and half after the
          // call; the 2nd and the 5th always do, so every run has both kinds.
          setFaultInjector((service, op) => {
            if (!(
              (service === 'DynamoDB' && op === 'TransactWriteItems') ||
              (service === 'SQS' && op === 'SendMessage')
            ))
              return undefined;
            eligible += 1;
            const r = eligible === 2 ? 0 : eligible === 5 ? 0.05 : random();
            if (r < 0.08) injected += 1;
            if (r < 0.04) return new Error('injected fault before the call');
            if (r < 0.08)
              return { after: new Error('injected fault after the call (response lost)') };
            return undefined;
          });
          const outcomes: { op: Op; key: string; status: number; body: Record<string, unknown> }[] =
            [];
          // The risk officer, meanwhile: each open hold released or rejected, a decision
          // sometimes retried with its key (same answer) or sent again late (refused).
          let deciding = true;
          const decider = (async () => {
            while (deciding) {
              await world.decideOpenHolds(risk, random, decided);
              await new Promise((r) => setTimeout(r, 150));
            }
          })();
          const runStart = new Date().toISOString();
          try {
            for (let i = 0; i < ops.length; i += 8) {
              await Promise.all(
                ops.slice(i, i + 8).map(async (op) => {
                  const key = randomUUID();
                  if (op.kind === 'big') {
                    const c0 = customers[0]!;
                    const funded = await world.idempotent(
                      '/v1/deposits',
                      c0.token,
                      { amount: BIG, currency: 'CNY' },
                      randomUUID(),
                    );
                    outcomes.push({
                      op: { kind: 'deposit', who: 0, amount: BIG },
                      key: '',
                      ...funded,
                    });
                    // The top-up settles first (a few hundred ms): the outflow needs the cash.
                    for (let t = 0; t < 50; t++) {
                      const acct = await world.call('GET', '/v1/accounts/me', undefined, {
                        authorization: c0.token,
                      });
                      if (Number(acct.body.available) >= BIG) break;
                      await new Promise((r) => setTimeout(r, 100));
                    }
                    const [path, body] =
                      op.flow === 'withdraw'
                        ? ['/v1/withdrawals', { amount: BIG, currency: 'CNY' }]
                        : [
                            '/v1/transfers',
                            {
                              toCustomerId: customers[op.to]!.customerId,
                              amount: BIG,
                              currency: 'CNY',
                            },
                          ];
                    const res = await world.idempotent(path, c0.token, body, key);
                    outcomes.push({ op, key, ...res });
                    return;
                  }
                  const who = customers[op.who]!;
                  const amount = { amount: 'amount' in op ? op.amount : 0, currency: 'CNY' };
                  const mine = ordersOf.get(op.who) ?? [];
                  const [path, body] =
                    op.kind === 'deposit'
                      ? ['/v1/deposits', amount]
                      : op.kind === 'withdraw'
                        ? ['/v1/withdrawals', amount]
                        : op.kind === 'order'
                          ? ['/v1/orders', { productId, ...amount }]
                          : op.kind === 'redeem'
                            ? [
                                `/v1/orders/${mine.length ? mine[op.pick % mine.length] : randomUUID()}/redeem`,
                                undefined,
                              ]
                            : [
                                '/v1/transfers',
                                { toCustomerId: customers[op.to]!.customerId, ...amount },
                              ];
                  const res = await world.idempotent(path, who.token, body, key);
                  outcomes.push({ op, key, ...res });
                  if (op.kind === 'order' && res.status === 201)
                    ordersOf.set(op.who, [...mine, String(res.body.orderId)]);
                  // A client that retries a request that had succeeded gets the same answer.
                  if (random() < 0.3) {
                    const again = await world.idempotent(path, who.token, body, key);
                    expect(answerOf(again)).toEqual(answerOf(res));
                  }
                  // A duplicated settlement delivery. The first movement always gets one, so
                  // every run has duplicates; a failed send fails the test (the test's client
                  // takes no injected faults).
                  const id = movementIdOf(res.body);
                  if (id && (duplicates === 0 || random() < 0.3)) {
                    duplicates += 1;
                    await duplicateSettlement(settlementQueue, id);
                  }
                }),
              );
            }
          } finally {
            setFaultInjector(undefined);
          }
          expect(injected, 'faults were injected').toBeGreaterThan(0);
          expect(duplicates, 'settlement messages were duplicated').toBeGreaterThan(0);
          // Every hold decided and every movement settled.
          const ledgerTable = platform.functions.get('account')?.environment.LEDGER_TABLE ?? '';
          const providerTable = platform.functions.get('settler')?.environment.PROVIDER_TABLE ?? '';
          const items = await drain(platform, ledgerTable, runStart, async () => {
            deciding = false;
            await decider;
          });

          const report = await runReconciliation(0, {
            ledger: new LedgerRepo(ledgerTable),
            ...(providerTable ? { provider: new SimulatedProvider(providerTable) } : {}),
            clock: systemClock,
          });
          expect(report.breaks).toEqual([]);

          const accounts = items.filter(
            (i) => String(i.pk).startsWith('ACCT#cust:') && i.sk === 'BALANCE',
          );
          for (const a of accounts) {
            expect(Number(a.balance), String(a.pk)).toBeGreaterThanOrEqual(0);
            expect(Number(a.available)).toBeGreaterThanOrEqual(0);
            expect(Number(a.held)).toBe(0); // every withdrawal settled
          }
          const movements = items.filter((i) => String(i.pk).startsWith('MOVE#'));
          // Every hold decided exactly once, and as the officer was told: released ones
          // settled, rejected ones failed (reconciliation above found their reversals).
          const screened = movements.filter((m) =>
            ['TRANSFER', 'WITHDRAWAL', 'SUBSCRIPTION'].includes(String(m.type)),
          );
          expect(
            screened.filter((m) => !['CLEARED', 'RELEASED', 'REJECTED'].includes(String(m.screen))),
          ).toEqual([]);
          const resolved = screened.filter(
            (m) => m.screen === 'RELEASED' || m.screen === 'REJECTED',
          );
          expect(
            Object.fromEntries(resolved.map((m) => [String(m.movementId), String(m.screen)])),
          ).toEqual(Object.fromEntries(decided));
          for (const m of resolved)
            expect(m.status, String(m.movementId)).toBe(
              m.screen === 'RELEASED' ? 'SETTLED' : 'FAILED',
            );
          const settledSum = (list: Record<string, unknown>[], type: string) =>
            list
              .filter((m) => m.type === type && m.status === 'SETTLED')
              .reduce((s, m) => s + Number(m.amount), 0);
          // Books over all runs: customers hold exactly what came in minus what went out,
          // in cash or invested (every order settled: its position is HELD or REDEEMED).
          const positions = items.filter((i) => String(i.pk).startsWith('HOLD#'));
          expect(positions.filter((h) => !['HELD', 'REDEEMED'].includes(String(h.status)))).toEqual(
            [],
          );
          const invested = positions
            .filter((h) => h.status === 'HELD')
            .reduce((s, h) => s + Number(h.principal), 0);
          const total = accounts.reduce((s, a) => s + Number(a.balance), 0) + invested;
          expect(total).toBe(
            settledSum(movements, 'DEPOSIT') - settledSum(movements, 'WITHDRAWAL'),
          );

          // Each key moved money at most once: one movement per idempotency record...
          // (refusals are recorded under their key too, with no movement; a risk officer's
          // decision on a hold is a staff key naming the movement it decided).
          const idem = items.filter(
            (i) =>
              String(i.pk).startsWith('IDEM#') &&
              !String(i.pk).startsWith('IDEM#staff:') &&
              i.movementId,
          );
          expect(new Set(idem.map((i) => String(i.movementId))).size).toBe(idem.length);
          // ...every movement of this run is one a client was answered 201 for, once...
          const created = outcomes.filter((o) => o.status === 201);
          const createdIds = created.map((o) => String(movementIdOf(o.body)));
          expect(new Set(createdIds).size).toBe(createdIds.length);
          const thisRun = movements.filter((m) => String(m.createdAt) >= runStart);
          expect(thisRun.map((m) => String(m.movementId)).sort()).toEqual([...createdIds].sort());
          // ...and what the clients were told is what the books did.
          const told = (kind: Op['kind']) =>
            created
              .filter((o) => o.op.kind === kind)
              .reduce((s, o) => s + Number(o.body.amount), 0);
          const rejected = (type: string) =>
            thisRun
              .filter((m) => m.type === type && m.screen === 'REJECTED')
              .reduce((s, m) => s + Number(m.amount), 0);
          const toldBig = (flow: 'transfer' | 'withdraw') =>
            created
              .filter((o) => o.op.kind === 'big' && o.op.flow === flow)
              .reduce((s, o) => s + Number(o.body.amount), 0);
          expect(settledSum(thisRun, 'DEPOSIT')).toBe(told('deposit'));
          expect(settledSum(thisRun, 'WITHDRAWAL')).toBe(
            told('withdraw') + toldBig('withdraw') - rejected('WITHDRAWAL'),
          );
          expect(settledSum(thisRun, 'TRANSFER')).toBe(
            told('transfer') + toldBig('transfer') - rejected('TRANSFER'),
          );
          expect(settledSum(thisRun, 'SUBSCRIPTION')).toBe(told('order'));
          expect(settledSum(thisRun, 'REDEMPTION')).toBe(told('redeem'));
          // Refusals were for reasons a client can act on, never a server error.
          for (const o of outcomes.filter((x) => x.status !== 201)) {
            expect([...ACTIONABLE_REFUSALS]).toContain(o.body.code);
          }
        },
      ),
      { numRuns: 3, endOnFailure: true },
    );
    // Holds happened, and both decisions were taken.
    expect([...new Set(decided.values())].sort()).toEqual(['REJECTED', 'RELEASED']);
  }, 600_000);
});
