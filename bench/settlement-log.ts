// Benchmark: the settlement log at volume (issue 9). Writes `movements` settled transfers
// for one date straight into the ledger (as the transfer function's transactions would,
// 50 to a transaction, over 50 onboarded customers), with the consumers paused (the
// ledger stream would otherwise announce every one), then reads the log through the local
// gateway, page by page of 100: time per page and the function's DynamoDB requests.
// Run it last: the paused backlog is dropped with the platform.
import { randomUUID } from 'node:crypto';
import * as deps from '../functions/deps/adapters';
import type { LocalPlatform } from '../infra/local/platform';
import { signInStaff } from '../infra/local/staff-sign-in';
import { functionEnvironment } from '../shared/platform/config';
import type { Movement } from '../shared/money/adapters/ledger-repo';
import { sdkRequestCounts } from '../test/support/sdk';
import { cpuNow, customer, json, percentile } from './support';

const DATE = '2031-07-01';

function asFunction<T>(platform: LocalPlatform, name: string, fn: () => T): T {
  const env = platform.functions.get(name)?.environment;
  if (!env) throw new Error(`no function ${name}`);
  return functionEnvironment.run({ ...process.env, ...env, AWS_LAMBDA_FUNCTION_NAME: name }, fn);
}

const logRequests = () =>
  [...sdkRequestCounts]
    .filter(([k]) => k.startsWith('opsSettlements:DynamoDB.'))
    .reduce((n, [, v]) => n + v, 0);

export async function benchSettlementLog(
  platform: LocalPlatform,
  opts: { movements: number; pageSize: number },
) {
  const { apiUrl } = platform;
  const people: { customerId: string; token: string }[] = [];
  for (let i = 0; i < 50; i++) people.push(await customer(apiUrl, platform));
  platform.pauseConsumers(true);
  const written0 = performance.now();
  await asFunction(platform, 'transfer', async () => {
    const ledger = deps.ledger();
    const shards = deps.settings().ledger.platformShards;
    const all: Movement[] = Array.from({ length: opts.movements }, (_, i) => {
      const createdAt = new Date(Date.UTC(2031, 5, 30, 16, 0, 0, i)).toISOString();
      const settledAt = new Date(Date.UTC(2031, 5, 30, 16, 0, 1, i)).toISOString();
      return {
        movementId: randomUUID(),
        type: 'TRANSFER',
        customerId: people[i % people.length]?.customerId ?? '',
        counterpartyId: people[(i * 7 + 1) % people.length]?.customerId ?? '',
        amount: 100 + (i % 1000),
        currency: 'CNY',
        cycle: 0,
        settleOn: DATE,
        shard: i % shards,
        status: 'SETTLED',
        history: [
          { status: 'PENDING', at: createdAt },
          { status: 'SETTLED', at: settledAt },
        ],
        createdAt,
      };
    });
    for (let i = 0; i < all.length; i += 50) {
      const tx = ledger.tx();
      for (const m of all.slice(i, i + 50)) tx.createMovement(m);
      await ledger.commit(tx);
    }
  });
  const writeMs = performance.now() - written0;
  const token = (await signInStaff(apiUrl, { group: 'risk-officer' })).idToken;
  const times: number[] = [];
  const requests: number[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  const cpu0 = cpuNow(platform);
  do {
    const before = logRequests();
    const t0 = performance.now();
    const res = await json(
      `${apiUrl}/v1/ops/settlements?date=${DATE}&limit=${opts.pageSize}${cursor ? `&cursor=${cursor}` : ''}`,
      { headers: { authorization: token } },
    );
    times.push(performance.now() - t0);
    requests.push(logRequests() - before);
    if (res.status !== 200)
      throw new Error(`settlement log: ${res.status} ${JSON.stringify(res.body)}`);
    sizes.push((res.body.items as unknown[]).length);
    cursor = res.body.nextCursor as string | undefined;
  } while (cursor);
  const cpu1 = cpuNow(platform);
  const sorted = [...times].sort((a, b) => a - b);
  return {
    movements: opts.movements,
    writeMs,
    pages: times.length,
    rows: sizes.reduce((a, b) => a + b, 0),
    fullPages: sizes.filter((n) => n === opts.pageSize).length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    maxMs: sorted.at(-1) ?? NaN,
    maxRequests: Math.max(...requests),
    meanRequests: requests.reduce((a, b) => a + b, 0) / requests.length,
    /** CPU per page: the platform's (gateway, function, SDK) and the emulator's. */
    platformCpuMs: (cpu1.node - cpu0.node) / times.length,
    emulatorCpuMs: (cpu1.emulator - cpu0.emulator) / times.length,
  };
}
