// Benchmarks of risk monitoring (issue 11): the rule engine in-process (state in memory),
// a replay of stored-shape events through a candidate rule set, and scoring end to end
// through the risk queue and the emulator (events per second, DynamoDB requests per event),
// and the latency the synchronous BLOCK pre-check adds to a transfer.
import { randomUUID } from 'node:crypto';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { LocalPlatform } from '../infra/local/platform';
import {
  ACTIONS,
  DEFAULT_RULE_SET,
  deltaOf,
  Engine,
  keepMinutes,
  loadRuleSet,
  MemoryViews,
  type Decision,
  type RiskEvent,
} from '../shared/risk';
import { riskPrecheck, ruleSetDeps } from '../functions/deps/risk';
import { actOnRuleSet, addRuleSet, listRuleSets } from '../shared/risk';
import { functionEnvironment } from '../shared/platform/config';
import { mulberry32 } from '../test/support/random';
import { fundedCustomers, json, percentile } from './support';
import { resetSdkRequestCounts, sdkRequestCounts } from '../test/support/sdk';

const T0 = Date.parse('2026-11-02T00:00:00.000Z');

/**
 * A deterministic stream of events for `customers` customers over `hours` hours, in time
 * order: movements of every flow with amounts near the rules' thresholds, sign-ins with a
 * few failures, activations first.
 */
export function syntheticEvents(count: number, customers: number, seed = 11): RiskEvent[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const out: RiskEvent[] = [];
  const span = 72 * 3_600_000;
  for (let c = 0; c < customers && out.length < count; c++)
    out.push({
      type: 'REGISTRATION',
      eventId: `registration:c${c}`,
      customerId: `c${c}`,
      deviceRef: `device-ref-${String(c % Math.max(1, customers - 7)).padStart(8, '0')}`,
      at: new Date(T0 - 86_400_000 * (1 + (c % 300))).toISOString(),
    });
  const amounts = [10_000, 99_900, 100_000, 480_000, 4_812_345, 5_000_000, 25_000_000, 60_000_000];
  const types = ['TRANSFER', 'TRANSFER', 'WITHDRAWAL', 'DEPOSIT', 'SUBSCRIPTION'] as const;
  while (out.length < count) {
    const i = out.length;
    const customerId = `c${Math.floor(rand() * customers)}`;
    const at = new Date(T0 + Math.floor((i / count) * span)).toISOString();
    if (rand() < 0.2) {
      out.push({
        type: 'LOGIN',
        eventId: `login:${i}`,
        customerId,
        outcome: rand() < 0.3 ? 'FAILURE' : 'SUCCESS',
        deviceRef: `device-ref-${String(Math.floor(rand() * customers)).padStart(8, '0')}`,
        at,
      });
      continue;
    }
    const movementType = pick(types);
    const movementId = randomUUID();
    out.push({
      type: 'MOVEMENT',
      eventId: `${movementId}:created`,
      movementId,
      movementType,
      customerId,
      ...(movementType === 'TRANSFER'
        ? { counterpartyId: `c${Math.floor(rand() * customers)}` }
        : {}),
      amount: pick(amounts),
      currency: 'CNY',
      settlementCycle: 'T+0',
      status: 'PENDING',
      at,
    });
  }
  return out;
}

/**
 * Scores events in time order against views held in memory (as a replay does), handing
 * each decision to `seen` (nothing is kept: the heap stays that of the views).
 */
function scoreAll(
  engine: Engine,
  events: readonly RiskEvent[],
  seen: (d: Decision, i: number) => void,
) {
  const views = new MemoryViews(keepMinutes(engine.ruleSet));
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as RiskEvent;
    seen(engine.evaluate(e, views.context(e)), i);
    views.apply(e, deltaOf(e), Date.parse(e.at));
  }
}

/** A decision in two numbers: its action and how many rules held. */
const digest = (d: Decision) => ACTIONS.indexOf(d.action) * 256 + d.hits.length;

export function benchRiskEngine(opts: { events: number; replay: number; customers: number }) {
  const live = new Engine(loadRuleSet(DEFAULT_RULE_SET), 'prod');
  const events = syntheticEvents(opts.events, opts.customers);
  scoreAll(live, events.slice(0, 20_000), () => undefined); // warm-up: V8 compiles the hot paths
  let withHits = 0;
  const t0 = performance.now();
  scoreAll(live, events, (d) => {
    if (d.hits.length) withHits++;
  });
  const engineMs = performance.now() - t0;
  // A candidate: structuring from two amounts, velocity at half the count.
  const candidateSet = loadRuleSet({
    ...DEFAULT_RULE_SET,
    version: 2,
    rules: DEFAULT_RULE_SET.rules.map((r) =>
      r.kind === 'structuring'
        ? { ...r, minCount: 2 }
        : r.kind === 'velocity'
          ? { ...r, maxCount: 10 }
          : r,
    ),
  });
  const replayEvents = syntheticEvents(opts.replay, opts.customers, 29);
  const liveDigests = new Uint16Array(replayEvents.length);
  scoreAll(live, replayEvents, (d, i) => (liveDigests[i] = digest(d)));
  let differ = 0;
  const t1 = performance.now();
  scoreAll(new Engine(candidateSet, 'prod'), replayEvents, (d, i) => {
    if (digest(d) !== liveDigests[i]) differ++;
  });
  const replayMs = performance.now() - t1;
  return {
    events: events.length,
    perSecond: (events.length / engineMs) * 1000,
    withHits,
    replayed: replayEvents.length,
    replayPerSecond: (replayEvents.length / replayMs) * 1000,
    replayDiffer: differ,
  };
}

/**
 * Puts `count` candidate versions in shadow (or takes them out), as a risk officer would,
 * through the staff flows in the opsAlerts function's environment. Returns their versions.
 */
async function shadows(platform: LocalPlatform, count: number, off: number[] = []) {
  const fn = platform.functions.get('opsAlerts');
  if (!fn) throw new Error('no opsAlerts function');
  const env = { ...process.env, ...fn.environment, AWS_LAMBDA_FUNCTION_NAME: 'opsAlerts' };
  return functionEnvironment.run(env, async () => {
    const deps = ruleSetDeps();
    const step = (version: number, action: 'SHADOW' | 'UNSHADOW') =>
      actOnRuleSet(
        'bench',
        version,
        { key: randomUUID(), operation: 'opsActOnRuleSet', input: { action, reason: 'bench' } },
        deps,
      );
    for (const v of off) await step(v, 'UNSHADOW');
    const listed = await listRuleSets(deps);
    let next = Math.max(listed.live.version, ...listed.items.map((i) => i.version)) + 1;
    const versions: number[] = [];
    for (let i = 0; i < count; i++, next++) {
      await addRuleSet(
        'bench',
        {
          ...DEFAULT_RULE_SET,
          version: next,
          description: `Bench shadow ${i + 1}: structuring from ${2 + i} amounts`,
          rules: DEFAULT_RULE_SET.rules.map((r) =>
            r.kind === 'structuring' ? { ...r, minCount: 2 + i } : r,
          ),
        },
        deps,
      );
      await step(next, 'SHADOW');
      versions.push(next);
    }
    return versions;
  });
}

/**
 * Events sent to the risk queue, scored by the consumer through the emulator; with
 * `shadows`, that many candidate versions also decide every event (ADR 0014).
 */
export async function benchRiskEndToEnd(
  platform: LocalPlatform,
  opts: { events: number; shadows?: number },
) {
  const inShadow = opts.shadows ? await shadows(platform, opts.shadows) : [];
  const queueUrl = platform.queues.riskScorer?.url;
  if (!queueUrl) throw new Error('the risk queue has no consumer');
  const sqs = new SQSClient({ endpoint: platform.endpoint, region: platform.region });
  const events = syntheticEvents(opts.events, Math.max(10, Math.floor(opts.events / 10)), 47).map(
    (e) => ({ ...e, eventId: `${e.eventId}:${randomUUID()}`, at: new Date().toISOString() }),
  );
  resetSdkRequestCounts();
  const t0 = performance.now();
  for (let i = 0; i < events.length; i += 10)
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: events
          .slice(i, i + 10)
          .map((e, j) => ({ Id: String(j), MessageBody: JSON.stringify(e) })),
      }),
    );
  const scored = () => sdkRequestCounts.get('riskScorer:DynamoDB.TransactWriteItems') ?? 0;
  const deadline = Date.now() + 600_000;
  while (scored() < events.length) {
    if (Date.now() > deadline) throw new Error(`only ${scored()} of ${events.length} scored`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const ms = performance.now() - t0;
  if (inShadow.length) await shadows(platform, 0, inShadow);
  const requests: Record<string, number> = {};
  let dynamo = 0;
  for (const [k, v] of sdkRequestCounts)
    if (k.startsWith('riskScorer:DynamoDB.')) {
      requests[k.slice('riskScorer:DynamoDB.'.length)] = v;
      dynamo += v;
    }
  return {
    events: events.length,
    perSecond: (events.length / ms) * 1000,
    dynamoPerEvent: dynamo / events.length,
    // The UpdateItem that marks an opened alert as sent is the only request beyond two.
    dynamoPerEventBeforeAlerts: (dynamo - (requests.UpdateItem ?? 0)) / events.length,
    alertsOpenedPerEvent: (requests.UpdateItem ?? 0) / events.length,
    requests,
  };
}

/**
 * The synchronous pre-check's added latency (ADR 0012): what a transfer waits for before
 * its transaction, measured around the pre-check of the transfer function itself (its
 * environment, its SDK client, the shipped rule set's blocking subset) against the emulator,
 * for a customer with a few scored transfers behind them. Sequential calls; each is a new
 * movement, so nothing is cached between them.
 */
export async function benchPrecheck(platform: LocalPlatform, opts: { calls: number }) {
  const fn = platform.functions.get('transfer');
  if (!fn) throw new Error('no transfer function');
  const [sender] = await fundedCustomers(platform, 1, 1_000_000);
  const [recipient] = await fundedCustomers(platform, 1, 0);
  if (!sender || !recipient) throw new Error('no customers');
  for (let i = 0; i < 5; i++)
    await json(`${platform.apiUrl}/v1/transfers`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: sender.token,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ toCustomerId: recipient.customerId, amount: 100, currency: 'CNY' }),
    });
  await new Promise((r) => setTimeout(r, 2_000)); // scored: the state has observations
  const env = { ...process.env, ...fn.environment, AWS_LAMBDA_FUNCTION_NAME: 'transfer' };
  return functionEnvironment.run(env, async () => {
    const precheck = riskPrecheck();
    const draft = () => ({
      movementId: randomUUID(),
      type: 'TRANSFER' as const,
      customerId: sender.customerId,
      counterpartyId: recipient.customerId,
      amount: 100,
      currency: 'CNY' as const,
      cycle: 0 as const,
      status: 'PENDING' as const,
      createdAt: new Date().toISOString(),
    });
    for (let i = 0; i < 50; i++) await precheck.check(draft()); // warm-up
    resetSdkRequestCounts();
    const ms: number[] = [];
    for (let i = 0; i < opts.calls; i++) {
      const t = performance.now();
      await precheck.check(draft());
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    let dynamo = 0;
    for (const [k, v] of sdkRequestCounts) if (k.startsWith('transfer:DynamoDB.')) dynamo += v;
    return {
      calls: opts.calls,
      p50Ms: percentile(ms, 50),
      p99Ms: percentile(ms, 99),
      dynamoPerCheck: dynamo / opts.calls,
    };
  });
}
