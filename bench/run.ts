// `npm run bench`: function bundles (size, load time), the in-process benchmarks (the risk
// rule engine; Monte Carlo VaR beside NumPy), then the local platform (as `npm start` runs
// it, on a free port; only when a benchmark needs it) and each benchmark's figures.
// BENCH_ONLY picks some (bundles,risk-engine,market-risk,screening,registrations,transfers,orders,credit,cpu,
// settlement-log,risk); BENCH_MC_* size market-risk (bench/market-risk.ts); BENCH_COUNT, BENCH_CONCURRENCY, BENCH_TRANSFERS,
// BENCH_ORDERS, BENCH_CPU_TRANSFERS, BENCH_CPU_REGISTRATIONS, BENCH_CPU_WARMUP, BENCH_CPU_REPETITIONS and
// BENCH_LOG_MOVEMENTS set the sizes
// (BENCH_PROFILE=<dir> writes a CPU profile of each measured phase).
import { appendFileSync } from 'node:fs';
import { startLocalPlatform } from '../infra/local/platform';
import { setLogSink } from '../shared/platform/logger';
import { benchRegistrations } from './registrations';
import { benchOrders } from './orders';
import { benchCredit } from './credit';
import { benchTransfers } from './transfers';
import { benchBundles } from './bundles';
import { benchCpu } from './cpu';
import { benchSettlementLog } from './settlement-log';
import { benchPrecheck, benchRiskEndToEnd, benchRiskEngine } from './risk';
import { benchMarketRisk, formatMarketRisk, marketRiskOptions } from './market-risk';
import { benchRescreening, benchScreening } from './screening';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const logFile = process.env.BENCH_LOG;
setLogSink((line) => {
  if (logFile) appendFileSync(logFile, `${line}\n`);
}); // figures only on stdout

const count = Number(process.env.BENCH_COUNT ?? 300);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const f = (n: number, d = 1) => n.toFixed(d);
const only = new Set(
  (
    process.env.BENCH_ONLY ??
    'bundles,risk-engine,market-risk,screening,registrations,transfers,orders,credit,cpu,settlement-log,risk'
  ).split(','),
);

if (only.has('bundles')) {
  const rows = await benchBundles();
  const empty = rows[0];
  process.stdout.write(
    'function bundles (esbuild as deployed, minified; load = median of 5 fresh Node processes importing it)\n',
  );
  for (const r of rows) {
    const budget = r.budget ? `${(r.budget / 1024).toFixed(0)} KB` : '';
    const verdict = !r.budget ? '' : r.bytes <= r.budget ? 'within' : 'OVER';
    process.stdout.write(
      `  ${r.fn.padEnd(20)} ${`${(r.bytes / 1024).toFixed(1)} KB`.padStart(10)}  ${`${f(r.loadMs)} ms`.padStart(9)}  ${r.encryptionSdk ? 'Encryption SDK' : '              '}  ${verdict} ${budget}\n`,
    );
  }
  const loads = rows
    .slice(1)
    .map((r) => r.loadMs)
    .sort((a, b) => a - b);
  process.stdout.write(
    `  load: median ${f(loads[Math.floor(loads.length / 2)] ?? NaN)} ms, max ${f(loads.at(-1) ?? NaN)} ms (target <= 150 ms median); empty handler ${f(empty?.loadMs ?? NaN)} ms\n\n`,
  );
}

if (only.has('risk-engine')) {
  const r = benchRiskEngine({
    events: Number(process.env.BENCH_RISK_EVENTS ?? 200_000),
    replay: 100_000,
    customers: 5_000,
  });
  process.stdout.write(
    [
      `risk rule engine in-process (shipped rule set v1, state in memory; ${r.events} synthetic events of 5,000 customers over 3 days)`,
      `  scored            ${f(r.perSecond, 0)} events/s (target >= 50,000); ${r.withHits} with at least one rule holding`,
      `  replay            ${r.replayed} events through a candidate version: ${f(r.replayPerSecond, 0)} events/s; ${r.replayDiffer} decisions differ from the live version`,
      '',
    ].join('\n'),
  );
}

if (only.has('market-risk'))
  process.stdout.write(`${formatMarketRisk(benchMarketRisk(marketRiskOptions()))}\n`);

if (only.has('screening')) {
  const r = benchScreening({
    entries: Number(process.env.BENCH_SCREENING_ENTRIES ?? 100_000),
    names: Number(process.env.BENCH_SCREENING_NAMES ?? 20_000),
  });
  const l = r.labelled;
  process.stdout.write(
    [
      `AML name screening in-process (M1-c; a synthetic list of ${r.entries} entries: Chinese names with pinyin aliases, Latin names; threshold ${0.85})`,
      `  index             built in ${f(r.buildMs / 1000, 1)} s, ~${f(r.heapMb, 0)} MB of heap`,
      `  screened          ${f(r.perSecond, 0)} names/s (${r.screened} names, a third of them list names written another way; p99 ${f(r.p99Us, 0)} us; ${r.hits} hits)`,
      `  labelled set      ${l.pairs} pairs: false-negative rate ${f((100 * l.missed) / l.trueMatches, 2)}% (${l.missed} of ${l.trueMatches} true matches missed); false hits ${l.falseHits} of ${l.nearMisses} near misses`,
      '',
    ].join('\n'),
  );
  const x = benchRescreening({
    entries: Number(process.env.BENCH_SCREENING_ENTRIES ?? 100_000),
    changed: 1_000,
    customers: Number(process.env.BENCH_RESCREENING_CUSTOMERS ?? 100_000),
  });
  process.stdout.write(
    [
      `AML re-screening on a list update in-process (M1-c, ADR 0031; keyed fingerprints, HMAC-SHA256 truncated to 96 bits)`,
      `  fingerprint       ${f(x.fingerprintUs, 0)} us per registration, ~${f(x.fingerprintBytes, 0)} bytes as JSON`,
      `  matched           ${f(x.perSecond, 0)} customers/s against ${x.changedEntries} new or changed entries (keyed index built in ${f(x.keyedBuildMs, 0)} ms; ${x.customers} customers, ${x.candidates} candidates)`,
      `  candidates        of the first ${x.sample.customers} customers: ${x.sample.candidates} candidates, ${x.sample.scoredHits} hits their names would score, ${x.sample.missed} of those missed (synthetic names repeat, as common Chinese names do)`,
      `  a first version   keyed index of ${Number(process.env.BENCH_SCREENING_ENTRIES ?? 100_000)} entries built in ${f(x.fullListBuildMs / 1000, 1)} s`,
      '',
    ].join('\n'),
  );
}

const PLATFORM_BENCHES = [
  'registrations',
  'transfers',
  'orders',
  'credit',
  'cpu',
  'settlement-log',
  'risk',
];
const platform = PLATFORM_BENCHES.some((b) => only.has(b))
  ? await startLocalPlatform({ port: 0 })
  : undefined;
try {
  if (platform && only.has('registrations')) {
    const r = await benchRegistrations(platform, { warmup: 30, count, concurrency });
    process.stdout.write(
      [
        `registrations through the local gateway (${r.registrations} after 30 warm-up, ${r.concurrency} concurrent clients)`,
        `  throughput        ${f(r.requestsPerSecond)} req/s`,
        `  latency           p50 ${f(r.p50Ms)} ms   p99 ${f(r.p99Ms)} ms`,
        `  API path (register)     KMS ${f(r.register.kmsPer100, 2)} per 100 registrations (one per sealed field and customer: name, phone, ID, card, SMS code; ADR 0022; the customer's own key costs none, ADR 0030)   DynamoDB ${f(r.register.dynamoPerRegistration, 2)} per registration (target <= 3, and 1 more since ADR 0030: the customer's own key)`,
        `  SMS path (notifier)     KMS ${f(r.notifier.kmsPer100, 2)} per 100 registrations   DynamoDB ${f(r.notifier.dynamoPerRegistration, 2)} per registration (1 of them the local outbox sink)`,
        `  requests by operation   ${JSON.stringify(r.operations)}`,
        '',
      ].join('\n'),
    );
  }
  if (platform && only.has('transfers')) {
    const transfers = await benchTransfers(platform, {
      perLevel: Number(process.env.BENCH_TRANSFERS ?? 200),
      levels: [1, 8, 32],
    });
    process.stdout.write(
      'transfers through the local gateway (by customer id; DynamoDB and KMS requests of the transfer function)\n',
    );
    for (const t of transfers) {
      process.stdout.write(
        `  ${String(t.clients).padStart(2)} clients   ${f(t.requestsPerSecond).padStart(6)} req/s   ${t.failed} failed   p50 ${f(t.p50Ms).padStart(7)} ms   p99 ${f(t.p99Ms).padStart(7)} ms   DynamoDB ${f(t.dynamoPerTransfer, 2)}/transfer (target <= 3)   KMS ${f(t.kmsPerTransfer, 2)}/transfer (target 0)\n`,
      );
    }
  }
  if (platform && only.has('orders')) {
    const o = await benchOrders(platform, {
      count: Number(process.env.BENCH_ORDERS ?? 200),
      clients: concurrency,
    });
    process.stdout.write(
      [
        `orders through the local gateway (${o.orders} suitability-checked orders, ${o.clients} concurrent clients)`,
        `  throughput        ${f(o.requestsPerSecond)} req/s   ${o.failed} failed`,
        `  latency           p50 ${f(o.p50Ms)} ms   p99 ${f(o.p99Ms)} ms`,
        `  order function    DynamoDB ${f(o.dynamoPerOrder, 2)} per order (product, assessment, the risk pre-check, the money transaction)   KMS ${f(o.kmsPerOrder, 2)} per order`,
        '',
      ].join('\n'),
    );
  }
  if (platform && only.has('credit')) {
    const c = await benchCredit(platform, {
      count: Number(process.env.BENCH_CREDIT ?? 200),
      clients: concurrency,
    });
    process.stdout.write(
      [
        `credit decisions through the local gateway (${c.decisions} applications, ${c.clients} concurrent clients; issue 13)`,
        `  throughput        ${f(c.decisionsPerSecond)} decisions/s   ${c.failed} failed`,
        `  latency           p50 ${f(c.p50Ms)} ms   p99 ${f(c.p99Ms)} ms`,
        `  credit function   DynamoDB ${f(c.dynamoPerDecision, 2)} per decision (idempotency record, customer, cash account, the applicant's loans, the decision's transaction)`,
        '',
      ].join('\n'),
    );
  }
  if (platform && only.has('cpu')) {
    const c = await benchCpu(platform, {
      transfers: Number(process.env.BENCH_CPU_TRANSFERS ?? 300),
      registrations: Number(process.env.BENCH_CPU_REGISTRATIONS ?? 200),
      warmup: Number(process.env.BENCH_CPU_WARMUP ?? 300),
      repetitions: Number(process.env.BENCH_CPU_REPETITIONS ?? 3),
      clients: concurrency,
    });
    const range = (xs: number[]) => `[${f(Math.min(...xs), 2)}-${f(Math.max(...xs), 2)}]`;
    const row = (name: string, x: typeof c.transfers) =>
      `  ${name.padEnd(20)} request path ${f(x.requestMs, 2).padStart(6)} ms ${range(x.runs.map((r) => r.requestMs))} (kernel ${f(x.requestSystemMs, 2)})   consumers ${f(x.consumersMs, 2).padStart(6)} ms   end to end ${f(x.requestMs + x.consumersMs, 2).padStart(6)} ms ${range(x.runs.map((r) => r.requestMs + r.consumersMs))}   emulator ${f(x.emulatorMs, 1).padStart(6)} ms   (${x.requests} requests x ${x.runs.length}, ${x.failed} refused)\n`;
    process.stdout.write(
      `platform CPU per request (this Node process; load from another process; ${concurrency} clients; after a warm-up of ${process.env.BENCH_CPU_WARMUP ?? 300} transfers, refusals and GETs; the median of ${c.transfers.runs.length} repetitions by CPU end to end, [lowest-highest] beside)\n` +
        row('transfer', c.transfers) +
        row('refused transfer', c.refused) +
        row('registration', c.registrations) +
        row('no AWS call (GET)', c.questionnaire) +
        `  idle: platform ${f(c.idle.node * 1000, 1)} ms/s, emulator ${f(c.idle.emulator * 1000, 1)} ms/s (taken off the consumers' share)\n` +
        '  targets: transfer request path <= 3 ms, end to end <= 5 ms\n',
    );
    const calls = (x: Readonly<Record<string, number>>) =>
      Object.entries(x)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none';
    for (const [name, x] of [
      ['transfer', c.transfers],
      ['refused transfer', c.refused],
      ['registration', c.registrations],
    ] as const)
      process.stdout.write(
        `  AWS requests per ${name}: request path: ${calls(x.calls.request)}; consumers: ${calls(x.calls.consumers)}\n`,
      );
  }
  // Last: it leaves the consumers paused with a backlog.
  if (platform && only.has('settlement-log')) {
    const l = await benchSettlementLog(platform, {
      movements: Number(process.env.BENCH_LOG_MOVEMENTS ?? 10_000),
      pageSize: 100,
    });
    process.stdout.write(
      [
        `settlement log: ${l.movements} movements on one date (written in ${f(l.writeMs / 1000)} s), read through the gateway in pages of 100`,
        `  ${l.pages} pages, ${l.rows} rows (${l.fullPages} full pages)`,
        `  time per page     p50 ${f(l.p50Ms)} ms   p95 ${f(l.p95Ms)} ms   max ${f(l.maxMs)} ms (target < 200 ms)`,
        `  DynamoDB requests per page: max ${l.maxRequests}, mean ${f(l.meanRequests, 2)} (target <= 3)`,
        `  CPU per page      platform ${f(l.platformCpuMs)} ms   emulator ${f(l.emulatorCpuMs)} ms`,
        '',
      ].join('\n'),
    );
  }
  if (platform && only.has('risk')) {
    const r = await benchRiskEndToEnd(platform, {
      events: Number(process.env.BENCH_RISK_QUEUE_EVENTS ?? 1_000),
    });
    process.stdout.write(
      [
        `risk scoring end to end (${r.events} events sent to the risk queue in batches of 10, scored by riskScorer through the emulator)`,
        `  throughput        ${f(r.perSecond)} events/s`,
        `  DynamoDB          ${f(r.dynamoPerEvent, 2)} requests per scored event: ${f(r.dynamoPerEventBeforeAlerts, 2)} to score (target <= 2) + ${f(r.alertsOpenedPerEvent, 2)} marking opened alerts as sent (one per alert; this synthetic mix opens far more than real traffic) ${JSON.stringify(r.requests)}`,
        '',
      ].join('\n'),
    );
    const sh = await benchRiskEndToEnd(platform, {
      events: Number(process.env.BENCH_RISK_QUEUE_EVENTS ?? 1_000),
      shadows: 2,
    });
    process.stdout.write(
      [
        `risk scoring end to end with 2 versions in shadow (each decides every event too; ADR 0014)`,
        `  throughput        ${f(sh.perSecond)} events/s`,
        `  DynamoDB          ${f(sh.dynamoPerEventBeforeAlerts, 2)} requests per scored event to score (the shadow decisions ride in the same write) ${JSON.stringify(sh.requests)}`,
        '',
      ].join('\n'),
    );
    const p = await benchPrecheck(platform, {
      calls: Number(process.env.BENCH_PRECHECK_CALLS ?? 1_000),
    });
    process.stdout.write(
      [
        `risk pre-check on a transfer (${p.calls} sequential checks by the transfer function's own pre-check against the emulator; blocking rules of the shipped set)`,
        `  added latency     p50 ${f(p.p50Ms, 2)} ms   p99 ${f(p.p99Ms, 2)} ms (target: median <= 15 ms)`,
        `  DynamoDB          ${f(p.dynamoPerCheck, 2)} requests per check (the transfer's own transaction is the second; target <= 2 in all)`,
        '',
      ].join('\n'),
    );
  }
} finally {
  await platform?.stop();
}
