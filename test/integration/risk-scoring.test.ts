// Scoring against the emulator (M4.1-a, ADR 0011): concurrent events of one customer and
// their redeliveries open one alert and count each event once; an event naming its own
// customer as the recipient is scored, not failed.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { riskRepo, scoringDeps } from '../../functions/deps/risk';
import { DEFAULT_RULE_SET, scoreEvent, type RiskEvent } from '../../shared/risk';
import { movementEvent } from '../support/risk';
import { asFunction, useEmulator } from '../support/aws';
import { sdkRequestCounts } from '../support/sdk';

beforeAll(() => useEmulator());

const structuring = DEFAULT_RULE_SET.rules.find((r) => r.kind === 'structuring')!;

const transferOf = (customerId: string, minutesAgo: number, amount: number, to?: string) =>
  movementEvent({
    customerId,
    amount,
    settlementCycle: 'T+0',
    ...(to ? { counterpartyId: to } : {}),
    at: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  });

const score = (e: RiskEvent) => asFunction('riskScorer', () => scoreEvent(e, scoringDeps()));

describe('risk scoring on DynamoDB (M4.1-a)', () => {
  it('M4.1-a concurrent events of one customer, each delivered three times at once (in two waves), open one alert and count once each', async () => {
    const customerId = `c-${randomUUID()}`;
    const amount = structuring.threshold - 1_000;
    const events = [5, 4, 3, 2, 1].map((m) => transferOf(customerId, m, amount));
    // In two waves: the three earliest, then the two latest, each event three times at once.
    // At once, the order of scoring decides who sees whom (an event sees only the earlier ones
    // already counted: in one wave of five, about one order in eight finds no pattern at all); the
    // second wave sees the first, so the pattern is there to be alerted once.
    const wave = (es: RiskEvent[]) =>
      Promise.all(es.flatMap((e) => [score(e), score(e), score(e)]));
    const outcomes = [...(await wave(events.slice(0, 3))), ...(await wave(events.slice(3)))];
    expect(outcomes.filter((o) => o.kind === 'SCORED')).toHaveLength(events.length);
    expect(outcomes.filter((o) => o.kind === 'REPEAT')).toHaveLength(2 * events.length);
    const day = new Date().toISOString().slice(0, 10);
    // Every page of the day's alerts: the suite's other files raise many the same day.
    const alerts = await asFunction('riskScorer', async () => {
      const all = [];
      let after: string | undefined;
      do {
        const page = await riskRepo().alertsOn(day, 100, after);
        all.push(...page.items);
        after = page.last;
      } while (after);
      return all.filter((a) => a.customerId === customerId && a.ruleId === structuring.id);
    });
    expect(alerts).toHaveLength(1);
    // Every event that found the pattern joined the one alert; the order of scoring decides
    // how many did (a later event scored first cannot see the earlier ones yet).
    const hits = outcomes.filter(
      (o) => o.kind === 'SCORED' && o.decision.hits.some((h) => h.ruleId === structuring.id),
    ).length;
    expect(alerts[0]!.count).toBe(hits);
    expect(new Set(alerts[0]!.eventIds).size).toBe(hits);
    // The last in time, scored again, sees all five in its window.
    const state = await asFunction('riskScorer', () => riskRepo().load(events[4]!, 1440));
    expect(state.view.observations.map((o) => o.id).sort()).toEqual(
      events.map((e) => e.eventId).sort(),
    );
  });

  it('M4.1-a scores an event whose recipient is its own customer (a key asked for once)', async () => {
    const customerId = `c-${randomUUID()}`;
    const outcome = await score(transferOf(customerId, 0, 100, customerId));
    expect(outcome.kind).toBe('SCORED');
  });

  it('M4.1-a M1-c scoring a transfer takes two BatchGetItems (its state; the AML screening results of both parties, ADR 0031) and one TransactWriteItems', async () => {
    const before = new Map(sdkRequestCounts);
    // A transfer made by hand (no ledger movement to screen: test/e2e/risk-holds.test.ts
    // holds and clears movements through the whole platform).
    const outcome = await score(transferOf(`c-${randomUUID()}`, 0, 100));
    expect(outcome).toMatchObject({ kind: 'SCORED', opened: 0 });
    const delta = [...sdkRequestCounts]
      .filter(([k]) => k.startsWith('riskScorer:DynamoDB.'))
      .map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const)
      .filter(([, v]) => v > 0);
    expect(Object.fromEntries(delta)).toEqual({
      'riskScorer:DynamoDB.BatchGetItem': 2,
      'riskScorer:DynamoDB.TransactWriteItems': 1,
    });
  });
});
