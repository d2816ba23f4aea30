// Issue 12 kill switches: disable a risk rule (M4.4-a, M6.4-a, M4.1-a; ADR 0018). The pure
// parts: the switch names, the engine skipping a disabled rule and saying so in its decision,
// how often a process reads the switches, the index item's reading, and the flow that
// refuses a rule the live rule set does not have. Against the emulator, through the API:
// test/integration/kill-switches.test.ts.
import { describe, expect, it } from 'vitest';
import {
  isSwitchName,
  ruleOfSwitch,
  ruleSwitch,
  switchHome,
  type SwitchName,
  type SwitchState,
} from '../../shared/kernel/switches';
import { disabledRulesOf } from '../../shared/platform/switches';
import {
  listSwitches,
  setSwitch,
  type KillSwitchDeps,
} from '../../shared/money/flows/kill-switches';
import { NotFoundError } from '../../shared/platform/errors';
import { DEFAULT_RULE_SET } from '../../shared/risk/domain/default-rule-set';
import { emptyView, Engine } from '../../shared/risk/domain/engine';
import { loadRuleSet } from '../../shared/risk/domain/rules';
import { transferEvent } from '../support/risk-events';
import type { RiskEvent } from '../../shared/risk/domain/risk-events';
import { LiveRules } from '../../shared/risk/flows/live-rules';
import { loadWithRules } from '../../shared/risk/flows/scoring';
import type { RiskRepo, ScoringState } from '../../shared/risk/adapters/risk-repo';

const large = DEFAULT_RULE_SET.rules.find((r) => r.kind === 'largeAmount')!;
const threshold = large.kind === 'largeAmount' ? (large.thresholds.transfer ?? 0) : 0;

const transfer = (amount: number): RiskEvent => transferEvent('2026-11-29T02:00:00.000Z', amount);

describe('Issue 12 kill switches: disable a risk rule (M4.4-a, M6.4-a, M4.1-a)', () => {
  it('M4.4-a names a rule switch rule.<ruleId> (a rule id as rule sets write them), at home in the risk table', () => {
    expect(isSwitchName(`rule.${large.id}`)).toBe(true);
    for (const bad of ['rule.', 'rule.Large', 'rule.a', 'rule.large amount', 'rules', 'rule.x#y'])
      expect(isSwitchName(bad), bad).toBe(false);
    expect(switchHome(`rule.${large.id}`)).toBe('risk');
    expect(switchHome('sales.rule-x')).toBe('products');
    expect(ruleOfSwitch(`rule.${large.id}`)).toBe(large.id);
    expect(ruleOfSwitch('sales')).toBeUndefined();
    expect(ruleSwitch(large.id)).toBe(`rule.${large.id}`);
  });

  it('M4.1-a M4.4-a a disabled rule does not run: no hit, no score, and the decision names it; enabled again, it holds', () => {
    // Prepare
    const engine = new Engine(loadRuleSet(DEFAULT_RULE_SET), 'prod');
    const event = transfer(threshold);
    // Act
    const disabled = engine.evaluate(event, {
      customer: emptyView(),
      disabled: new Set([large.id, 'not-in-this-set']),
    });
    const enabled = engine.evaluate(event, { customer: emptyView() });
    // Assess
    expect(disabled.hits.map((h) => h.ruleId)).not.toContain(large.id);
    expect(disabled.disabled).toEqual([large.id]);
    expect(disabled.score).toBe(enabled.score - large.score);
    expect(enabled.hits.map((h) => h.ruleId)).toContain(large.id);
    expect(enabled).not.toHaveProperty('disabled');
    // A disabled rule is reported even where it would not have held (an audit sees it off).
    expect(
      engine.evaluate(transfer(1), { customer: emptyView(), disabled: new Set([large.id]) }),
    ).toMatchObject({ hits: [], disabled: [large.id] });
  });

  it('M4.1-a M4.4-a a disabled blocking rule blocks nothing in the pre-check subset', () => {
    const blocking = new Engine(loadRuleSet(DEFAULT_RULE_SET), 'prod').blocking()!;
    const burst = blocking.ruleSet.rules[0]!;
    expect(burst.action).toBe('BLOCK');
    const at = Date.parse('2026-11-29T02:00:00.000Z');
    const observations = Array.from({ length: 12 }, (_, i) => ({
      id: `o-${i}`,
      at: at - (i + 1) * 1000,
      flow: 'transfer' as const,
      amount: 100,
    }));
    const customer = { ...emptyView(), observations };
    expect(blocking.evaluate(transfer(100), { customer }).action).toBe('BLOCK');
    expect(
      blocking.evaluate(transfer(100), { customer, disabled: new Set([burst.id]) }),
    ).toMatchObject({ action: 'ALLOW', hits: [], disabled: [burst.id] });
  });

  it('M4.4-a reads the rule switches at most once per period (effective within seconds), apart from the rule set control', () => {
    const rules = new LiveRules({} as RiskRepo, 'prod', DEFAULT_RULE_SET, 10_000, 5_000);
    expect(rules.disabled.size).toBe(0);
    expect(rules.switchesDue(0)).toBe(true);
    expect(rules.updateSwitches(undefined, 0).size).toBe(0); // not read: still due
    expect(rules.switchesDue(1)).toBe(true);
    rules.updateSwitches(new Set([large.id]), 1_000);
    expect([...rules.disabled]).toEqual([large.id]);
    expect(rules.switchesDue(5_999)).toBe(false);
    expect(rules.switchesDue(6_000)).toBe(true);
    rules.updateSwitches(new Set(), 6_000);
    expect(rules.disabled.size).toBe(0);
    // With no period (the local stage), every read asks.
    const local = new LiveRules({} as RiskRepo, 'local', DEFAULT_RULE_SET, 0);
    local.updateSwitches(new Set(), 1);
    expect(local.switchesDue(1)).toBe(true);
  });

  it('M4.4-a the scorer asks for the switches in the state read it makes anyway, only when due', async () => {
    const asked: { control?: boolean; switches?: boolean }[] = [];
    const repo = {
      load: async (_e: RiskEvent, _h: number, opts: { control?: boolean; switches?: boolean }) => {
        asked.push(opts);
        return {
          ...(opts.control ? { control: { live: 0, shadows: [], revision: 0 } } : {}),
          ...(opts.switches ? { disabledRules: new Set([large.id]) } : {}),
        } as never as ScoringState;
      },
    } as unknown as RiskRepo;
    const rules = new LiveRules(repo, 'prod', DEFAULT_RULE_SET, 60_000, 5_000);
    let now = 0;
    const deps = { repo, rules, clock: { now: () => new Date(now) } };
    const first = await loadWithRules(transfer(1), deps);
    now = 1_000;
    const second = await loadWithRules(transfer(1), deps);
    expect(asked).toEqual([
      { control: true, switches: true },
      { control: false, switches: false },
    ]);
    expect([...first.disabled]).toEqual([large.id]);
    expect([...second.disabled]).toEqual([large.id]); // from the period's read
  });

  it('M4.4-a reads the index item: r_<ruleId> true is disabled, false or absent is not', () => {
    expect([
      ...disabledRulesOf({ pk: 'SWITCH#rules', sk: 'DISABLED', r_a: true, r_b: false, x: true }),
    ]).toEqual(['a']);
    expect(disabledRulesOf(undefined).size).toBe(0);
  });

  describe('the switch flow', () => {
    function deps(ruleIds: string[]) {
      const states = new Map<string, SwitchState>();
      const audited: string[] = [];
      const table = {
        state: async (n: SwitchName) => states.get(n),
        set: async (s: SwitchState) => void states.set(s.name, s),
        history: async () => [],
        disabledRules: async () =>
          new Set([...states.values()].filter((s) => s.off).map((s) => ruleOfSwitch(s.name) ?? '')),
      };
      const d = {
        switches: { ledger: table, customers: table, products: table, risk: table },
        ruleIds: async () => new Set(ruleIds),
        audit: { switchChanged: async (c: { name: string }) => void audited.push(c.name) },
        clock: { now: () => new Date('2026-11-29T02:00:00Z') },
      } as unknown as KillSwitchDeps;
      return { d, audited };
    }

    it('M4.4-a M6.4-a turns a rule of the live rule set off, audited, and lists it while off', async () => {
      const { d, audited } = deps([large.id]);
      const view = await setSwitch('staff.risk', `rule.${large.id}`, { off: true, reason: 'r' }, d);
      expect(view).toMatchObject({ name: `rule.${large.id}`, off: true, changedBy: 'staff.risk' });
      expect(audited).toEqual([`rule.${large.id}`]);
      expect((await listSwitches(d)).map((s) => s.name)).toEqual([
        'settlement',
        'registrations',
        'sales',
        'lending',
        `rule.${large.id}`,
      ]);
      await setSwitch('staff.risk', `rule.${large.id}`, { off: false, reason: 'r' }, d);
      expect((await listSwitches(d)).map((s) => s.name)).toHaveLength(4);
    });

    it('M4.4-a refuses to turn off a rule that does not run (RULE_NOT_FOUND), audits nothing; turning one on is never refused', async () => {
      const { d, audited } = deps([large.id]);
      const off = setSwitch('staff.risk', 'rule.gone-rule', { off: true, reason: 'r' }, d);
      await expect(off).rejects.toBeInstanceOf(NotFoundError);
      await expect(off).rejects.toMatchObject({ code: 'RULE_NOT_FOUND' });
      const on = await setSwitch('staff.risk', 'rule.gone-rule', { off: false, reason: 'r' }, d);
      expect(on.off).toBe(false);
      expect(audited).toEqual([]);
    });
  });
});
