// Benchmark: the platform's own CPU per request. The load comes from a separate process
// (bench/load-client.mjs), so this process's CPU is the platform's: the local gateway,
// the handlers and the consumers. Consumers are paused while the requests run (the
// request path alone), then resumed until they have handled every message (settlement,
// the ledger stream, notifications); the pollers' idle cost over that time is measured
// beforehand and taken off. The emulator's CPU is read from /proc and shown beside.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LocalPlatform } from '../infra/local/platform';
import { sdkRequestCounts } from '../test/support/sdk';
import { newApplicant } from './applicants';
import { fundedCustomers } from './support';

interface Request {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

const TICK_MS = 10; // /proc reports CPU in clock ticks of 1/100 s

/** CPU milliseconds so far: this process (user + system) and the emulator's. */
function cpuNow(platform: LocalPlatform): { node: number; emulator: number } {
  const u = process.cpuUsage();
  let emulator = NaN;
  if (platform.emulatorPid !== undefined) {
    const stat = readFileSync(`/proc/${platform.emulatorPid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    emulator = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  }
  return { node: (u.user + u.system) / 1000, emulator };
}

/** Sends the requests from the load client process (asynchronously: this process serves them). */
function load(
  platform: LocalPlatform,
  clients: number,
  requests: Request[],
): Promise<{ ok: number; failed: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(import.meta.dirname, 'load-client.mjs')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as { ok: number; failed: number; ms: number })
        : reject(new Error(`load client exited ${code}`)),
    );
    child.stdin.end(JSON.stringify({ url: platform.apiUrl, clients, requests }));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const count = (prefix: string) =>
  [...sdkRequestCounts].filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);

async function until(done: () => boolean, what: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what} did not finish in ${timeoutMs} ms`);
    await sleep(50);
  }
}

export interface CpuFigures {
  readonly requests: number;
  readonly failed: number;
  /** Platform CPU per request on the request path (gateway + handler), ms. */
  readonly requestMs: number;
  /** Platform CPU per request in the consumers it sets off, ms. */
  readonly consumersMs: number;
  /** Emulator CPU per request over both phases, ms. */
  readonly emulatorMs: number;
}

/**
 * Runs `requests` with the consumers paused, then lets the consumers finish (`drained`).
 * `idle` is the platform's CPU per millisecond with nothing to do.
 */
async function measure(
  platform: LocalPlatform,
  clients: number,
  requests: Request[],
  drained: () => boolean,
  idle: { node: number; emulator: number },
): Promise<CpuFigures> {
  platform.pauseConsumers(true);
  await sleep(200);
  const a = cpuNow(platform);
  const sent = await load(platform, clients, requests);
  const b = cpuNow(platform);
  const resumed = performance.now();
  platform.pauseConsumers(false);
  await until(drained, 'the consumers');
  const elapsed = performance.now() - resumed;
  const c = cpuNow(platform);
  const n = requests.length;
  return {
    requests: n,
    failed: sent.failed,
    requestMs: (b.node - a.node) / n,
    consumersMs: Math.max(0, c.node - b.node - idle.node * elapsed) / n,
    emulatorMs: (c.emulator - a.emulator - idle.emulator * elapsed) / n,
  };
}

export async function benchCpu(
  platform: LocalPlatform,
  opts: { transfers: number; registrations: number; clients: number },
) {
  const senders = await fundedCustomers(platform, opts.clients, 5_000_000);
  const [recipient] = await fundedCustomers(platform, 1, 0);
  const [broke] = await fundedCustomers(platform, 1, 0);
  if (!recipient || !broke) throw new Error('no recipient');
  await sleep(1000);

  // The consumers' idle cost: polling with nothing to receive.
  const i0 = cpuNow(platform);
  const t0 = performance.now();
  await sleep(3000);
  const i1 = cpuNow(platform);
  const idleMs = performance.now() - t0;
  const idle = {
    node: (i1.node - i0.node) / idleMs,
    emulator: (i1.emulator - i0.emulator) / idleMs,
  };

  const transfer = (token: string, amount: number): Request => ({
    method: 'POST',
    path: '/v1/transfers',
    headers: {
      'content-type': 'application/json',
      authorization: token,
      'idempotency-key': randomUUID(),
    },
    body: { toCustomerId: recipient.customerId, amount, currency: 'CNY' },
  });
  // Warm-up: every handler loaded and its clients connected.
  await load(
    platform,
    opts.clients,
    senders.map((s) => transfer(s.token, 100)),
  );
  await until(() => count('settler:') > 0, 'warm-up settlement');
  await sleep(1500);

  const settledBefore = count('settler:DynamoDB.TransactWriteItems');
  const emittedBefore = count('riskEmitter:SQS.SendMessage');
  const transfers = await measure(
    platform,
    opts.clients,
    Array.from({ length: opts.transfers }, (_, i) =>
      transfer(senders[i % senders.length]?.token ?? '', 100),
    ),
    () =>
      count('settler:DynamoDB.TransactWriteItems') - settledBefore >= opts.transfers &&
      count('riskEmitter:SQS.SendMessage') - emittedBefore >= opts.transfers,
    idle,
  );

  const refused = await measure(
    platform,
    opts.clients,
    Array.from({ length: opts.transfers }, () => transfer(broke.token, 100)),
    () => true,
    idle,
  );

  const smsBefore = count('notifier:SNS.Publish');
  const registrations = await measure(
    platform,
    opts.clients,
    Array.from({ length: opts.registrations }, () => ({
      method: 'POST',
      path: '/v1/registrations',
      headers: { 'content-type': 'application/json' },
      body: newApplicant(),
    })),
    () => count('notifier:SNS.Publish') - smsBefore >= opts.registrations,
    idle,
  );
  return { idle, transfers, refused, registrations };
}
