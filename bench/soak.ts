// `npm run soak` (issue 11; outside CI): the whole platform in this process, driven by many
// concurrent clients through money operations (deposits, withdrawals, transfers, orders,
// redemptions), with 20% of requests retried by their client with the same key, duplicated
// settlement deliveries, and 5% of the platform's AWS calls failing (before the call, or
// after it with the response lost). Some customers signed in on a new device, so their
// large outflows are held, and a risk officer releases or rejects the holds meanwhile.
// Then it drains the queues and prints the conservation checks (target: 0 breaks, 0 lost
// or doubled movements, 0 server errors a client cannot act on) and the throughput.
//
// SOAK_OPS (10,000), SOAK_CLIENTS (16), SOAK_CUSTOMERS (400: about ten outflows each, under
// the shipped burst rule), SOAK_SEED.
import { randomUUID } from 'node:crypto';
import { startLocalPlatform } from '../infra/local/platform';
import { systemClock } from '../shared/kernel/clock';
import { LedgerRepo } from '../shared/money/adapters/ledger-repo';
import { SimulatedProvider } from '../shared/money/adapters/payment-provider';
import { runReconciliation } from '../shared/money/flows/ops';
import { setLogSink } from '../shared/platform/logger';
import { mulberry32 } from '../test/support/random';
import { setFaultInjector } from '../test/support/sdk';
import {
  ACTIONABLE_REFUSALS,
  drain,
  duplicateSettlement,
  movementIdOf,
  World,
  type Answer,
  type Customer,
} from '../test/support/world';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
setLogSink(() => undefined);

const OPS = Number(process.env.SOAK_OPS ?? 10_000);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 16);
const CUSTOMERS = Number(process.env.SOAK_CUSTOMERS ?? 400);
const random = mulberry32(Number(process.env.SOAK_SEED ?? 20261128));
const BIG = 1_000_000; // a held outflow of a customer on a new device

const env = { ...process.env };
delete env.AWS_ENDPOINT_URL;
const platform = await startLocalPlatform({ port: 0, env, retryDelaySeconds: 1 });
const world = new World(platform.apiUrl);
const out = (line: string) => process.stdout.write(`${line}\n`);
try {
  const started = performance.now();
  const customers: Customer[] = [];
  for (let i = 0; i < CUSTOMERS; i += 8)
    customers.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(8, CUSTOMERS - i) }, (_, j) =>
          // One customer in ten signs in on a new device: their large outflows are held.
          world.onboard(i + j, (i + j) % 10 === 0 ? { deviceId: `soak-${randomUUID()}` } : {}),
        ),
      )),
    );
  const productId = await world.productAndAssessments(customers);
  const risk = await world.staffToken('risk-officer');
  // Everyone starts with RMB 500 (settled before the run), so most operations can go through.
  const opening: string[] = [];
  for (let i = 0; i < customers.length; i += 8)
    await Promise.all(
      customers.slice(i, i + 8).map(async (c) => {
        const res = await world.idempotent(
          '/v1/deposits',
          c.token,
          { amount: 50_000, currency: 'CNY' },
          randomUUID(),
        );
        if (res.status === 201) opening.push(String(res.body.depositId));
      }),
    );
  out(
    `onboarded ${customers.length} customers in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );

  let eligible = 0;
  let injected = 0;
  setFaultInjector((service, op) => {
    if (service === 'DynamoDB' || service === 'SQS' || service === 'SNS') {
      eligible += 1;
      const r = random();
      if (r < 0.05) injected += 1;
      if (r < 0.025) return new Error('injected fault before the call');
      if (r < 0.05) return { after: new Error('injected fault after the call (response lost)') };
    }
    void op;
    return undefined;
  });

  const failures: string[] = [];
  const decided = new Map<string, string>();
  let deciding = true;
  const decider = (async () => {
    while (deciding) {
      await world.decideOpenHolds(risk, random, decided).catch((e: unknown) => {
        failures.push(`risk officer: ${String(e)}`);
      });
      await new Promise((r) => setTimeout(r, 250));
    }
  })();

  const settlementQueue = platform.queues.settler?.url ?? '';
  const orders = new Map<number, string[]>();
  const created = new Map<string, { type: string; amount: number }>();
  const refusals = new Map<string, number>();
  let retries = 0;
  let duplicates = 0;
  let done = 0;
  const runStart = new Date().toISOString();
  const t0 = performance.now();

  const one = async () => {
    const who = Math.floor(random() * customers.length);
    const c = customers[who]!;
    const amount = 1 + Math.floor(random() * 3_000);
    const r = random();
    const held = who % 10 === 0 && r < 0.1;
    const mine = orders.get(who) ?? [];
    const [path, body, type]: [string, unknown, string] = held
      ? ['/v1/withdrawals', { amount: BIG, currency: 'CNY' }, 'WITHDRAWAL']
      : r < 0.3
        ? ['/v1/deposits', { amount: amount * 2, currency: 'CNY' }, 'DEPOSIT']
        : r < 0.45
          ? ['/v1/withdrawals', { amount, currency: 'CNY' }, 'WITHDRAWAL']
          : r < 0.75
            ? [
                '/v1/transfers',
                {
                  toCustomerId:
                    customers[(who + 1 + Math.floor(random() * 50)) % customers.length]!.customerId,
                  amount,
                  currency: 'CNY',
                },
                'TRANSFER',
              ]
            : r < 0.9 || !mine.length
              ? ['/v1/orders', { productId, amount, currency: 'CNY' }, 'SUBSCRIPTION']
              : [
                  `/v1/orders/${mine[Math.floor(random() * mine.length)]}/redeem`,
                  undefined,
                  'REDEMPTION',
                ];
    if (held) {
      // The cash first: a deposit that settles before the outflow.
      const top = await world.idempotent(
        '/v1/deposits',
        c.token,
        { amount: BIG, currency: 'CNY' },
        randomUUID(),
      );
      if (top.status === 201)
        created.set(String(top.body.depositId), { type: 'DEPOSIT', amount: BIG });
      await new Promise((res) => setTimeout(res, 500));
    }
    const key = randomUUID();
    let res: Answer;
    try {
      res = await world.idempotent(path, c.token, body, key);
      if (random() < 0.2) {
        retries += 1;
        const again = await world.idempotent(path, c.token, body, key);
        if (again.status !== res.status)
          failures.push(`retry of ${path} answered ${again.status}, first ${res.status}`);
      }
    } catch (error) {
      failures.push(String(error));
      return;
    }
    if (res.status === 201) {
      const id = String(movementIdOf(res.body));
      created.set(id, { type, amount: Number(res.body.amount) });
      if (type === 'SUBSCRIPTION') orders.set(who, [...mine, id]);
      if (random() < 0.1) {
        duplicates += 1;
        await duplicateSettlement(settlementQueue, id);
      }
    } else {
      const code = String(res.body.code);
      refusals.set(code, (refusals.get(code) ?? 0) + 1);
      if (!ACTIONABLE_REFUSALS.has(code)) failures.push(`${path}: ${res.status} ${code}`);
    }
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < OPS) {
        next += 1;
        await one();
        done += 1;
        if (done % 1000 === 0)
          out(`  ${done} operations, ${((done / (performance.now() - t0)) * 1000).toFixed(1)}/s`);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  setFaultInjector(undefined);

  // Drain: every screened movement scored and every hold decided, then settlement.
  const ledgerTable = platform.functions.get('account')?.environment.LEDGER_TABLE ?? '';
  const items = await drain(
    platform,
    ledgerTable,
    runStart,
    async () => {
      deciding = false;
      await decider;
    },
    // Each poll scans the whole ledger, which loads the emulator the consumers need: rarely.
    5_000,
    30 * 60_000,
  );

  const providerTable = platform.functions.get('settler')?.environment.PROVIDER_TABLE ?? '';
  const report = await runReconciliation(0, {
    ledger: new LedgerRepo(ledgerTable),
    ...(providerTable ? { provider: new SimulatedProvider(providerTable) } : {}),
    clock: systemClock,
  });
  const movements = items.filter(
    (i) => String(i.pk).startsWith('MOVE#') && String(i.createdAt) >= runStart,
  );
  const inLedger = new Set(movements.map((m) => String(m.movementId)));
  const lost = [...created.keys()].filter((id) => !inLedger.has(id));
  const unexplained = movements.filter((m) => !created.has(String(m.movementId)));
  const idem = items.filter(
    (i) =>
      String(i.pk).startsWith('IDEM#') && !String(i.pk).startsWith('IDEM#staff:') && i.movementId,
  );
  const doubled = idem.length - new Set(idem.map((i) => String(i.movementId))).size;
  const stillOpen = movements.filter((m) =>
    ['PENDING', 'SETTLING', 'RETRIED'].includes(String(m.status)),
  );
  const undecided = movements.filter((m) => m.screen === 'HELD');
  const misdecided = movements.filter(
    (m) =>
      (m.screen === 'RELEASED' && m.status !== 'SETTLED') ||
      (m.screen === 'REJECTED' && m.status !== 'FAILED') ||
      ((m.screen === 'RELEASED' || m.screen === 'REJECTED') &&
        decided.get(String(m.movementId)) !== m.screen),
  );

  out('');
  out(
    `soak: ${done} money operations from ${CLIENTS} clients over ${customers.length} customers in ${seconds.toFixed(0)} s: ${(done / seconds).toFixed(1)} operations/s`,
  );
  out(`  client retries with the same key   ${retries} (${((retries / done) * 100).toFixed(1)}%)`);
  out(`  duplicated settlement deliveries   ${duplicates}`);
  out(
    `  AWS calls failed by injection      ${injected} of ${eligible} (${((injected / Math.max(1, eligible)) * 100).toFixed(1)}%)`,
  );
  out(
    `  holds decided                      ${decided.size} (${[...decided.values()].filter((v) => v === 'RELEASED').length} released, ${[...decided.values()].filter((v) => v === 'REJECTED').length} rejected)`,
  );
  out(`  refusals                           ${JSON.stringify(Object.fromEntries(refusals))}`);
  out('conservation checks (target 0 each):');
  out(
    `  reconciliation breaks              ${report.breaks.length}${report.breaks.length ? ` ${JSON.stringify(report.breaks.slice(0, 5))}` : ''}`,
  );
  out(`  movements lost (answered 201, not in the ledger)     ${lost.length}`);
  out(`  movements nobody was answered 201 for                ${unexplained.length}`);
  out(`  movements doubled (two keys, one movement)           ${doubled}`);
  out(`  movements not settled after the drain                ${stillOpen.length}`);
  out(
    `  holds undecided, or not as the officer was answered  ${undecided.length + misdecided.length}`,
  );
  out(
    `  server errors a client could not act on              ${failures.length}${failures.length ? ` ${JSON.stringify(failures.slice(0, 5))}` : ''}`,
  );
  const broken =
    report.breaks.length +
    lost.length +
    unexplained.length +
    doubled +
    stillOpen.length +
    undecided.length +
    misdecided.length +
    failures.length;
  out(broken ? `FAILED: ${broken} problems` : 'all conservation checks hold');
  process.exitCode = broken ? 1 : 0;
} finally {
  setFaultInjector(undefined);
  await platform.stop();
}
