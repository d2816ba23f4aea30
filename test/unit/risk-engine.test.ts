// The monitoring rule engine (M4.1-a, M4.1-b, M2.1-c): every rule kind holds exactly at its
// threshold and not one below, windows count by the event's own time, and a redelivered
// event counts once.
import { randomUUID } from 'node:crypto';
import { transferEvent } from '../support/risk-events';
import { describe, expect, it } from 'vitest';
import {
  applyDelta,
  DEFAULT_RULE_SET,
  deltaOf,
  emptyView,
  Engine,
  groupAlerts,
  horizonMinutes,
  InvalidRuleSetError,
  keepMinutes,
  loadRuleSet,
  MemoryViews,
  precisionByRule,
  type CustomerView,
  type Decision,
  type RiskEvent,
  type RuleSetInput,
  type ScoringContext,
} from '../../shared/risk';

const T0 = Date.parse('2026-11-27T02:00:00.000Z');
const MIN = 60_000;
const iso = (minutes: number) => new Date(T0 + minutes * MIN).toISOString();

const movement = (
  minutes: number,
  amount: number,
  over: Partial<Extract<RiskEvent, { type: 'MOVEMENT' }>> = {},
): RiskEvent => transferEvent(iso(minutes), amount, over);

const login = (minutes: number, ok: boolean, deviceRef?: string): RiskEvent => ({
  type: 'LOGIN',
  eventId: randomUUID(),
  customerId: 'c-1',
  outcome: ok ? 'SUCCESS' : 'FAILURE',
  ...(deviceRef ? { deviceRef } : {}),
  at: iso(minutes),
});

/** One rule of a kind, everything else left out, so each test sees only its rule. */
function only(rule: Record<string, unknown>): Engine {
  const set = loadRuleSet({
    version: 7,
    description: 'test',
    rules: [
      {
        id: 'rule-x',
        description: 'the rule under test',
        score: 30,
        action: 'REVIEW',
        severity: 'HIGH',
        ...rule,
      },
    ],
  });
  return new Engine(set, 'prod');
}

/** Scores events in order, each seeing the ones before it (as the consumer's store would). */
function run(engine: Engine, events: RiskEvent[], ctx: Omit<ScoringContext, 'customer'> = {}) {
  let view: CustomerView = emptyView();
  const decisions: Decision[] = [];
  for (const e of events) {
    decisions.push(engine.evaluate(e, { ...ctx, customer: view }));
    view = applyDelta(view, deltaOf(e), keepMinutes(engine.ruleSet), Date.parse(e.at));
  }
  return { decisions, view, hit: decisions.map((d) => d.hits.length > 0) };
}

describe('rule sets as data (M4.1-a)', () => {
  it('M4.1-a the shipped rule set loads, with distinct large-amount thresholds for registration-era flows, transfers, loan approval and repayment', () => {
    const set = loadRuleSet(DEFAULT_RULE_SET);
    expect(set.version).toBe(1);
    expect(set.rules).toHaveLength(12);
    expect(new Set(set.rules.map((r) => r.kind)).size).toBe(10);
    // Every action a rule may take is shipped: alerts, a hold and a block (ADR 0012).
    expect(new Set(set.rules.map((r) => r.action))).toEqual(new Set(['REVIEW', 'HOLD', 'BLOCK']));
    const large = set.rules.find((r) => r.kind === 'largeAmount');
    const t = large?.kind === 'largeAmount' ? large.thresholds : {};
    expect([t.transfer, t.loanApproval, t.repayment]).toEqual([50_000_000, 20_000_000, 5_000_000]);
    expect(new Set([t.transfer, t.loanApproval, t.repayment]).size).toBe(3);
    expect(horizonMinutes(set)).toBe(1440);
  });

  it('M4.1-a a malformed rule set is refused at load with every issue named', () => {
    const bad = {
      version: 0,
      description: 'bad',
      rules: [
        {
          id: 'Bad Id',
          kind: 'velocity',
          description: 'velocity without limits',
          flows: ['transfer'],
          windowMinutes: 60,
          score: 10,
          action: 'REVIEW',
          severity: 'LOW',
        },
        {
          id: 'dup-rule',
          kind: 'largeAmount',
          description: 'no thresholds at all',
          thresholds: {},
          score: 10,
          action: 'HOLD',
          severity: 'LOW',
        },
        {
          id: 'dup-rule',
          kind: 'roundAmounts',
          description: 'a window too long',
          flows: ['transfer'],
          unit: 100,
          minCount: 2,
          windowMinutes: 200_000,
          score: 101,
          action: 'STOP',
          severity: 'LOW',
        },
      ],
    };
    let error: unknown;
    try {
      loadRuleSet(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidRuleSetError);
    const paths = (error as InvalidRuleSetError).issues.map((i) => i.path).sort();
    expect(paths).toEqual(
      [
        'version',
        'rules.0.id',
        'rules.0',
        'rules.1',
        'rules.2.windowMinutes',
        'rules.2.score',
        'rules.2.action',
      ].sort(),
    );
  });

  it('M4.1-a a duplicate rule id is refused', () => {
    const rule = {
      id: 'same-id',
      kind: 'largeAmount',
      description: 'large transfers',
      thresholds: { transfer: 100 },
      score: 1,
      action: 'REVIEW',
      severity: 'LOW',
    };
    expect(() => loadRuleSet({ version: 2, description: 'x', rules: [rule, rule] })).toThrow(
      /duplicate id same-id/,
    );
  });

  it('M4.1-a a rule limited to some stages runs only there', () => {
    const set = loadRuleSet({
      version: 3,
      description: 'staged',
      rules: [
        {
          id: 'prod-only',
          kind: 'largeAmount',
          description: 'only in production',
          thresholds: { transfer: 100 },
          score: 5,
          action: 'REVIEW',
          severity: 'LOW',
          stages: ['prod'],
        },
      ],
    });
    const e = movement(0, 100);
    expect(new Engine(set, 'prod').evaluate(e, { customer: emptyView() }).hits).toHaveLength(1);
    expect(new Engine(set, 'dev').evaluate(e, { customer: emptyView() }).hits).toHaveLength(0);
  });
});

describe('rule kinds (M4.1-a, M4.1-b, M2.1-c)', () => {
  it('M4.1-a velocity: the 4th transfer in an hour breaks a count of 3, the window ends at the event time', () => {
    const engine = only({ kind: 'velocity', flows: ['transfer'], windowMinutes: 60, maxCount: 3 });
    const r = run(engine, [
      movement(0, 100),
      movement(10, 100),
      movement(20, 100),
      movement(59, 100),
      movement(61, 100),
    ]);
    expect(r.hit).toEqual([false, false, false, true, true]);
    expect(r.decisions[3]?.hits[0]?.facts).toEqual({ count: 4, amount: 400, windowMinutes: 60 });
    // At minute 61 the first movement (minute 0) left the window; minutes 10, 20, 59, 61 remain.
    expect(r.decisions[4]?.hits[0]?.facts.count).toBe(4);
    const r2 = run(engine, [
      movement(0, 100),
      movement(10, 100),
      movement(20, 100),
      movement(60, 100),
    ]);
    expect(r2.hit).toEqual([false, false, false, false]);
  });

  it('M4.1-a velocity by amount: a total above the limit holds, equal does not', () => {
    const engine = only({
      kind: 'velocity',
      flows: ['withdrawal'],
      windowMinutes: 60,
      maxAmount: 1000,
    });
    const w = (m: number, a: number) => movement(m, a, { movementType: 'WITHDRAWAL' });
    expect(run(engine, [w(0, 400), w(1, 600)]).hit).toEqual([false, false]);
    expect(run(engine, [w(0, 400), w(1, 601)]).hit).toEqual([false, true]);
    // A transfer is not in the rule's flows: it neither counts nor holds.
    expect(run(engine, [w(0, 400), movement(1, 5000)]).hit).toEqual([false, false]);
  });

  it('M4.1-a large amount: each flow has its own threshold', () => {
    const engine = only({ kind: 'largeAmount', thresholds: { transfer: 5000, withdrawal: 2000 } });
    const d = (e: RiskEvent) => engine.evaluate(e, { customer: emptyView() });
    expect(d(movement(0, 4999)).hits).toHaveLength(0);
    expect(d(movement(0, 5000)).hits[0]?.facts).toEqual({
      amount: 5000,
      threshold: 5000,
      flow: 'transfer',
    });
    expect(d(movement(0, 2000, { movementType: 'WITHDRAWAL' })).hits).toHaveLength(1);
    expect(d(movement(0, 9999, { movementType: 'DEPOSIT' })).hits).toHaveLength(0);
  });

  it('M4.1-a structuring: three amounts just under the threshold in a day; one at the threshold is not "under"', () => {
    const engine = only({
      kind: 'structuring',
      flows: ['transfer', 'deposit'],
      threshold: 5_000_000,
      belowPercent: 10,
      minCount: 3,
      windowMinutes: 1440,
    });
    const r = run(engine, [
      movement(0, 4_900_000),
      movement(30, 4_500_000, { movementType: 'DEPOSIT' }),
      movement(60, 4_499_999), // below the band
      movement(90, 5_000_000), // at the threshold: reported anyway, not structuring
      movement(120, 4_999_999),
    ]);
    expect(r.hit).toEqual([false, false, false, false, true]);
    expect(r.decisions[4]?.hits[0]?.facts).toEqual({
      count: 3,
      amount: 14_399_999,
      threshold: 5_000_000,
    });
    expect(r.decisions[4]?.hits[0]?.reason).toContain(
      '3 amounts between 45000.00 and 50000.00 CNY',
    );
  });

  it('M2.1-c a new device or a changed phone or card shortly before a large movement', () => {
    const engine = only({
      kind: 'changeBeforeLargeAmount',
      changes: ['NEW_DEVICE', 'PHONE', 'BANK_CARD'],
      flows: ['transfer'],
      withinMinutes: 60,
      minAmount: 10_000,
    });
    const registration: RiskEvent = {
      type: 'REGISTRATION',
      eventId: 'r',
      customerId: 'c-1',
      deviceRef: 'dev-aaaaaaaaaaaaaaaa',
      at: iso(-10_000),
    };
    // The registration's device is not new; a device first seen 30 minutes before is.
    expect(
      run(engine, [registration, login(-30, true, 'dev-aaaaaaaaaaaaaaaa'), movement(0, 10_000)])
        .hit[2],
    ).toBe(false);
    const r = run(engine, [
      registration,
      login(-30, true, 'dev-bbbbbbbbbbbbbbbb'),
      movement(0, 9_999),
      movement(1, 10_000),
      movement(31, 10_000),
    ]);
    expect(r.hit.slice(2)).toEqual([false, true, false]);
    expect(r.decisions[3]?.hits[0]?.facts).toEqual({ changes: 'new device', amount: 10_000 });
    const phone: RiskEvent = {
      type: 'PROFILE_CHANGE',
      eventId: 'p',
      customerId: 'c-1',
      field: 'PHONE',
      at: iso(-5),
    };
    const card: RiskEvent = {
      type: 'PROFILE_CHANGE',
      eventId: 'b',
      customerId: 'c-1',
      field: 'BANK_CARD',
      at: iso(-61),
    };
    const r2 = run(engine, [registration, card, phone, movement(0, 20_000)]);
    expect(r2.decisions[3]?.hits[0]?.facts.changes).toBe('phone changed');
  });

  it('M4.1-b dormant account suddenly active: counted from the last movement, or from registration', () => {
    const engine = only({
      kind: 'dormantReactivated',
      flows: ['transfer'],
      dormantDays: 180,
      minAmount: 500,
    });
    const day = 1440;
    const registration: RiskEvent = {
      type: 'REGISTRATION',
      eventId: 'r',
      customerId: 'c-1',
      at: iso(0),
    };
    expect(run(engine, [registration, movement(180 * day, 500)]).hit).toEqual([false, true]);
    expect(run(engine, [registration, movement(180 * day - 1, 500)]).hit).toEqual([false, false]);
    expect(run(engine, [registration, movement(180 * day, 499)]).hit).toEqual([false, false]);
    // The counters keep a day of observations; the last movement's time is kept apart.
    const r = run(engine, [
      registration,
      movement(10 * day, 100),
      movement(190 * day, 800),
      movement(191 * day, 800),
    ]);
    expect(r.hit).toEqual([false, false, true, false]);
    expect(r.decisions[2]?.hits[0]?.facts).toEqual({ idleDays: 180, amount: 800 });
  });

  it('M4.1-b many distinct counterparties in a short time', () => {
    const engine = only({ kind: 'distinctCounterparties', windowMinutes: 60, maxDistinct: 2 });
    const to = (m: number, c: string) => movement(m, 100, { counterpartyId: c });
    expect(run(engine, [to(0, 'a'), to(1, 'b'), to(2, 'a'), to(3, 'c'), to(70, 'd')]).hit).toEqual([
      false,
      false,
      false,
      true,
      false,
    ]);
  });

  it('M4.1-b a burst of round amounts', () => {
    const engine = only({
      kind: 'roundAmounts',
      flows: ['transfer'],
      unit: 100_000,
      minCount: 3,
      windowMinutes: 60,
    });
    expect(
      run(engine, [
        movement(0, 100_000),
        movement(1, 250_000),
        movement(2, 300_000),
        movement(3, 150_001),
        movement(4, 500_000),
      ]).hit,
    ).toEqual([false, false, false, false, true]);
  });

  it('M2.1-c the same device or bank card across customers', () => {
    const device = only({ kind: 'sharedIdentifier', identifier: 'device', maxCustomers: 3 });
    const e = login(0, true, 'dev-cccccccccccccccc');
    expect(device.evaluate(e, { customer: emptyView(), sharing: { device: 3 } }).hits).toHaveLength(
      0,
    );
    expect(
      device.evaluate(e, { customer: emptyView(), sharing: { device: 4 } }).hits[0]?.facts,
    ).toEqual({ customers: 4, identifier: 'device' });
    const card = only({ kind: 'sharedIdentifier', identifier: 'bankCard', maxCustomers: 1 });
    const reg: RiskEvent = {
      type: 'REGISTRATION',
      eventId: 'r',
      customerId: 'c-9',
      bankCardRef: 'card-dddddddddddddddd',
      at: iso(0),
    };
    expect(
      card.evaluate(reg, { customer: emptyView(), sharing: { bankCard: 2 } }).hits[0]?.reason,
    ).toBe('the same bank card is used by 2 customers (more than 1)');
    // An event without the identifier does not hold, whatever the count.
    expect(
      card.evaluate(movement(0, 1), { customer: emptyView(), sharing: { bankCard: 9 } }).hits,
    ).toHaveLength(0);
  });

  it('M2.1-c repeated failed logins then a success; a success in between resets the count', () => {
    const engine = only({ kind: 'failedLoginsThenSuccess', minFailures: 3, windowMinutes: 30 });
    expect(
      run(engine, [login(0, false), login(1, false), login(2, false), login(3, true)]).hit,
    ).toEqual([false, false, false, true]);
    expect(
      run(engine, [
        login(0, false),
        login(1, false),
        login(2, true),
        login(3, false),
        login(4, true),
      ]).hit,
    ).toEqual([false, false, false, false, false]);
    expect(
      run(engine, [login(0, false), login(1, false), login(2, false), login(33, true)]).hit[3],
    ).toBe(false);
  });

  it('M2.3-a a transfer to a customer registered minutes ago', () => {
    const engine = only({
      kind: 'newlyRegisteredCounterparty',
      withinMinutes: 60,
      minAmount: 1000,
    });
    const d = (opened: number, amount: number) =>
      engine.evaluate(movement(0, amount), {
        customer: emptyView(),
        counterpartyRegisteredAt: T0 + opened * MIN,
      });
    expect(d(-5, 1000).hits[0]?.facts).toEqual({ ageMinutes: 5, amount: 1000 });
    expect(d(-60, 1000).hits).toHaveLength(0);
    expect(d(-5, 999).hits).toHaveLength(0);
  });
});

describe('decisions (M4.1-a)', () => {
  const set: RuleSetInput = {
    version: 4,
    description: 'two rules',
    escalation: [{ minScore: 60, action: 'HOLD' }],
    rules: [
      {
        id: 'big',
        kind: 'largeAmount',
        description: 'large transfers',
        thresholds: { transfer: 1000 },
        score: 40,
        action: 'ALLOW',
        severity: 'LOW',
      },
      {
        id: 'round',
        kind: 'roundAmounts',
        description: 'round amounts',
        flows: ['transfer'],
        unit: 1000,
        minCount: 1 + 1,
        windowMinutes: 60,
        score: 30,
        action: 'REVIEW',
        severity: 'MEDIUM',
      },
    ],
  };

  it('M4.1-a a decision sums the scores (capped at 100), takes the most severe action, and escalates by score', () => {
    const engine = new Engine(loadRuleSet(set), 'local');
    const r = run(engine, [movement(0, 2000), movement(1, 3000)]);
    expect(r.decisions.map((d) => [d.score, d.action, d.hits.map((h) => h.ruleId)])).toEqual([
      [40, 'ALLOW', ['big']],
      [70, 'HOLD', ['big', 'round']],
    ]);
    expect(r.decisions[1]).toMatchObject({
      ruleSetVersion: 4,
      flow: 'transfer',
      customerId: 'c-1',
    });
  });

  it('M4.1-a a snoozed rule does not count for that customer', () => {
    const engine = new Engine(loadRuleSet(set), 'local');
    const d = engine.evaluate(movement(0, 5000), {
      customer: emptyView(),
      snoozed: new Set(['big']),
    });
    expect(d).toMatchObject({ score: 0, action: 'ALLOW', hits: [] });
  });

  it('M4.1-a a redelivered event counts once, and a late event is scored in its own window', () => {
    const engine = only({ kind: 'velocity', flows: ['transfer'], windowMinutes: 60, maxCount: 2 });
    const a = movement(0, 100);
    const b = movement(10, 100);
    const late = movement(5, 100);
    const r = run(engine, [a, b, a, b]);
    expect(r.hit).toEqual([false, false, false, false]);
    expect(r.view.observations).toHaveLength(2);
    // The late event (minute 5, after minute 70's) counts minutes 0 and 5: not 10, not 70.
    const strict = only({ kind: 'velocity', flows: ['transfer'], windowMinutes: 60, maxCount: 1 });
    const r2 = run(strict, [a, b, movement(70, 100), late]);
    expect(r2.decisions.map((d) => d.hits[0]?.facts.count)).toEqual([undefined, 2, undefined, 2]);
  });
});

describe('alerts (M4.1-a)', () => {
  it('M4.1-a a pattern raises one alert and later hits of the same rule join it; after the grouping period a new one opens', () => {
    const engine = only({
      kind: 'structuring',
      flows: ['transfer'],
      threshold: 5_000_000,
      belowPercent: 10,
      minCount: 3,
      windowMinutes: 1440,
      groupMinutes: 120,
    });
    const r = run(
      engine,
      [0, 10, 20, 30, 40, 200, 210].map((m) => movement(m, 4_800_000)),
    );
    let open = {};
    let n = 0;
    const rules = new Map(engine.ruleSet.rules.map((x) => [x.id, x]));
    const outcome: string[] = [];
    for (const d of r.decisions) {
      const g = groupAlerts(d, open, rules, () => `a${++n}`);
      open = g.open;
      outcome.push(
        [
          ...g.opened.map((o) => `open:${o.alertId}`),
          ...g.joined.map((j) => `join:${j.alertId}`),
        ].join(',') || '-',
      );
    }
    expect(outcome).toEqual(['-', '-', 'open:a1', 'join:a1', 'join:a1', 'open:a2', 'join:a2']);
  });

  it('M4.1-a an ALLOW hit adds to the score but raises no alert', () => {
    const engine = only({ kind: 'largeAmount', thresholds: { transfer: 10 }, action: 'ALLOW' });
    const d = engine.evaluate(movement(0, 10), { customer: emptyView() });
    expect(groupAlerts(d, {}, new Map(), () => 'x').opened).toEqual([]);
  });
});

describe('views in memory (replays, the in-process bench)', () => {
  it('M4.1-a count an event once, share identifiers across customers, and drop what is past keeping', () => {
    const engine = only({ kind: 'velocity', flows: ['transfer'], windowMinutes: 60, maxCount: 1 });
    const views = new MemoryViews(keepMinutes(engine.ruleSet));
    const a = movement(0, 100);
    for (const e of [a, a, movement(1, 100)]) views.apply(e, deltaOf(e), Date.parse(e.at));
    expect(views.context(movement(2, 100)).customer.observations).toHaveLength(2);
    const reg = (customerId: string): RiskEvent => ({
      type: 'REGISTRATION',
      eventId: `r-${customerId}`,
      customerId,
      bankCardRef: 'card-eeeeeeeeeeeeeeee',
      at: iso(0),
    });
    views.apply(reg('x'), deltaOf(reg('x')), T0);
    expect(views.context(reg('x')).sharing).toEqual({ bankCard: 1 });
    expect(views.context(reg('y')).sharing).toEqual({ bankCard: 2 });
    // The recipient's opening time comes from its own view.
    const toX = movement(3, 100, { counterpartyId: 'x' });
    expect(views.context(toX).counterpartyRegisteredAt).toBe(T0);
    // Two days and a minute later (one day of window, one of allowance) both are gone.
    const later = movement(2 * 1440 + 2, 100);
    views.apply(later, deltaOf(later), Date.parse(later.at));
    expect(views.context(later).customer.observations.map((o) => o.id)).toEqual([later.eventId]);
    // Scoring from memory gives what scoring from the pure views gives.
    const r = run(engine, [a, movement(1, 100)]);
    const mem = new MemoryViews(keepMinutes(engine.ruleSet));
    const fromMemory = [a, movement(1, 100)].map((e) => {
      const d = engine.evaluate(e, mem.context(e));
      mem.apply(e, deltaOf(e), Date.parse(e.at));
      return d.hits.length > 0;
    });
    expect(fromMemory).toEqual(r.hit);
  });
});

describe('rule precision from dispositions (M4.1-a)', () => {
  it('M4.1-a precision is (confirmed + valuable) / closed and the false-positive rate fp / closed, per rule; open alerts count apart', () => {
    const rows = precisionByRule([
      { ruleId: 'b-rule', status: 'CLOSED', disposition: 'CONFIRMED_RISK' },
      { ruleId: 'b-rule', status: 'CLOSED', disposition: 'FALSE_POSITIVE' },
      { ruleId: 'b-rule', status: 'CLOSED', disposition: 'VALUABLE_ALERT' },
      { ruleId: 'b-rule', status: 'CLOSED', disposition: 'FALSE_POSITIVE' },
      { ruleId: 'b-rule', status: 'OPEN' },
      { ruleId: 'a-rule', status: 'OPEN' },
    ]);
    expect(rows).toEqual([
      { ruleId: 'a-rule', open: 1, closed: 0, confirmedRisk: 0, valuable: 0, falsePositive: 0 },
      {
        ruleId: 'b-rule',
        open: 1,
        closed: 4,
        confirmedRisk: 1,
        valuable: 1,
        falsePositive: 2,
        precision: 0.5,
        falsePositiveRate: 0.5,
      },
    ]);
  });
});
