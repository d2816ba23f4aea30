// Benchmark: the platform's own CPU per request. The load comes from a separate process
// (bench/load-client.mjs), so this process's CPU is the platform's: the local gateway,
// the handlers and the consumers. Consumers are paused while the requests run (the
// request path alone), then resumed until they have handled every message (settlement,
// the ledger stream, notifications); the pollers' idle cost over that time is measured
// beforehand and taken off. The emulator's CPU is read from /proc and shown beside.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import type { LocalPlatform } from '../infra/local/platform';
import { currentEnv } from '../shared/platform/config';
import { sdkRequestCounts, setRequestTap } from '../test/support/sdk';
import { newApplicant } from './applicants';
import { cpuNow, fundedCustomers, senderPool, TRANSFERS_PER_SENDER } from './support';

interface Request {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
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

/** SQS messages sent, by "function:queue URL" (a batch counts each of its messages). */
const messagesSent = new Map<string, number>();
setRequestTap((service, op, input) => {
  if (service !== 'SQS' || !op.startsWith('SendMessage')) return;
  const { QueueUrl, Entries } = input as { QueueUrl: string; Entries?: unknown[] };
  const key = `${currentEnv().AWS_LAMBDA_FUNCTION_NAME ?? 'unknown'}:${QueueUrl}`;
  messagesSent.set(key, (messagesSent.get(key) ?? 0) + (Entries?.length ?? 1));
});
const riskEventsSent = () =>
  [...messagesSent].filter(([k]) => /risk-?events/i.test(k)).reduce((n, [, v]) => n + v, 0);

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
  /** Of `requestMs`, the kernel's (system time: sockets, mostly loopback TCP). */
  readonly requestSystemMs: number;
  /** Platform CPU per request in the consumers it sets off, ms. */
  readonly consumersMs: number;
  /** Emulator CPU per request over both phases, ms. */
  readonly emulatorMs: number;
  /** AWS requests per request, by phase and "function:Service.Operation". */
  readonly calls: { readonly request: Calls; readonly consumers: Calls };
}

type Calls = Readonly<Record<string, number>>;
const snapshot = () => new Map(sdkRequestCounts);
function callsBetween(before: Map<string, number>, after: Map<string, number>, n: number): Calls {
  const out: Record<string, number> = {};
  for (const [k, v] of after) {
    const d = v - (before.get(k) ?? 0);
    if (d > 0) out[k] = Math.round((d / n) * 100) / 100;
  }
  return out;
}

/**
 * BENCH_PROFILE=<dir> writes a V8 CPU profile of each measured phase there (open it in
 * Chrome DevTools or VS Code): where the platform's CPU per request goes.
 */
const profileDir = process.env.BENCH_PROFILE;
let inspector: Session | undefined;
async function profileStart() {
  if (!profileDir) return;
  inspector ??= new Session();
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.setSamplingInterval', { interval: 200 });
  await inspector.post('Profiler.start');
}
async function profileStop(name: string) {
  if (!profileDir || !inspector) return;
  const { profile } = await inspector.post('Profiler.stop');
  mkdirSync(profileDir, { recursive: true });
  writeFileSync(path.join(profileDir, `${name}.cpuprofile`), JSON.stringify(profile));
  inspector.disconnect();
}

/**
 * Runs `requests` with the consumers paused, then lets the consumers finish (`drained`).
 * `idle` is the platform's CPU per millisecond with nothing to do.
 */
async function measure(
  name: string,
  platform: LocalPlatform,
  clients: number,
  requests: Request[],
  drained: () => boolean,
  idle: { node: number; emulator: number },
): Promise<CpuFigures> {
  platform.pauseConsumers(true);
  await sleep(200);
  await profileStart();
  const callsA = snapshot();
  const a = cpuNow(platform);
  const sent = await load(platform, clients, requests);
  const b = cpuNow(platform);
  const callsB = snapshot();
  await profileStop(`${name}-request`);
  await profileStart();
  const resumed = performance.now();
  platform.pauseConsumers(false);
  await until(drained, 'the consumers');
  const elapsed = performance.now() - resumed;
  const c = cpuNow(platform);
  await profileStop(`${name}-consumers`);
  const n = requests.length;
  return {
    calls: {
      request: callsBetween(callsA, callsB, n),
      consumers: callsBetween(callsB, snapshot(), n),
    },
    requests: n,
    failed: sent.failed,
    requestMs: (b.node - a.node) / n,
    requestSystemMs: (b.system - a.system) / n,
    consumersMs: Math.max(0, c.node - b.node - idle.node * elapsed) / n,
    emulatorMs: (c.emulator - a.emulator - idle.emulator * elapsed) / n,
  };
}

/** Every repetition's figures, and the median repetition's (by CPU end to end). */
export interface Repeated extends CpuFigures {
  readonly runs: readonly CpuFigures[];
}

/** Measures `reps` times (the machine's CPU figures vary from run to run) and keeps them all. */
async function repeated(
  reps: number,
  name: string,
  run: (name: string) => Promise<CpuFigures>,
): Promise<Repeated> {
  const runs: CpuFigures[] = [];
  for (let i = 0; i < reps; i++) runs.push(await run(`${name}-${i + 1}`));
  const byTotal = [...runs].sort(
    (x, y) => x.requestMs + x.consumersMs - (y.requestMs + y.consumersMs),
  );
  const median = byTotal[Math.floor((byTotal.length - 1) / 2)] ?? runs[0];
  if (!median) throw new Error('no repetition');
  return { ...median, runs };
}

export async function benchCpu(
  platform: LocalPlatform,
  opts: {
    transfers: number;
    registrations: number;
    clients: number;
    warmup: number;
    repetitions: number;
  },
) {
  const total = opts.warmup + opts.repetitions * opts.transfers;
  const sender = senderPool(
    await fundedCustomers(platform, Math.ceil(total / TRANSFERS_PER_SENDER), 1_000_000),
  );
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
  const refusal = (): Request => transfer(broke.token, 100);
  const get = (): Request => ({
    method: 'GET',
    path: '/v1/risk-assessments/questionnaire',
    headers: { authorization: broke.token },
  });
  // Warm-up: every handler loaded, its clients connected, and its hot paths compiled by
  // V8 (as in a Lambda that has served a few hundred requests): the figures are the
  // steady state, not the cost of compiling.
  const warmSettled = count('settler:DynamoDB.TransactWriteItems');
  await load(platform, opts.clients, [
    ...Array.from({ length: opts.warmup }, () => transfer(sender().token, 100)),
    ...Array.from({ length: opts.warmup }, refusal),
    ...Array.from({ length: opts.warmup }, get),
  ]);
  await until(
    () => count('settler:DynamoDB.TransactWriteItems') - warmSettled >= opts.warmup,
    'warm-up settlement',
  );
  await sleep(1500);

  const reps = opts.repetitions;
  const transfers = await repeated(reps, 'transfer', (name) => {
    const settledBefore = count('settler:DynamoDB.TransactWriteItems');
    const emittedBefore = riskEventsSent();
    return measure(
      name,
      platform,
      opts.clients,
      Array.from({ length: opts.transfers }, () => transfer(sender().token, 100)),
      () =>
        count('settler:DynamoDB.TransactWriteItems') - settledBefore >= opts.transfers &&
        riskEventsSent() - emittedBefore >= opts.transfers,
      idle,
    );
  });

  // Requests that set off no consumer.
  const alone = (what: string, request: () => Request) =>
    repeated(reps, what, (name) =>
      measure(
        name,
        platform,
        opts.clients,
        Array.from({ length: opts.transfers }, request),
        () => true,
        idle,
      ),
    );
  // The fixed cost of a request: a signed-in GET that touches no AWS service.
  const questionnaire = await alone('questionnaire', get);
  const refused = await alone('refused', refusal);

  const registrations = await repeated(reps, 'registration', (name) => {
    const smsBefore = count('notifier:SNS.Publish');
    return measure(
      name,
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
  });
  return { idle, transfers, refused, registrations, questionnaire };
}
