// Which rule set versions a process runs (docs/risk-monitoring.md, "Publishing a rule
// set"): the live version and those in shadow, as the control item names them. The scorer
// and the pre-check read the control in the BatchGetItem they make anyway (no extra
// request), at most once per refresh period; a version's rules are read once per process
// (versions are never rewritten). Until a version is published, the shipped default runs.
// The rule kill switches (`rule.<ruleId>`, ADR 0018) are read the same way, on a period of
// their own (`ruleSwitchRefreshSeconds`, 5 s shipped): the rules they name do not run in
// the live version's decisions nor the pre-check's (versions in shadow run whole: they act
// on nothing, and their report then shows what the disabled rule would have done).
import { logger } from '../../platform';
import type { RiskRepo } from '../adapters/risk-repo';
import { Engine, keepMinutes } from '../domain/engine';
import { NO_CONTROL, type RuleSetControl } from '../domain/rule-set-lifecycle';
import { horizonMinutes, loadRuleSet, type Stage } from '../domain/rules';

export interface ActiveRules {
  readonly control: RuleSetControl;
  readonly live: Engine;
  readonly shadows: readonly Engine[];
  /** The longest window any of them reads back (minutes). */
  readonly horizon: number;
  /** How long observations are kept for any of them (minutes). */
  readonly keep: number;
}

const activeOf = (control: RuleSetControl, live: Engine, shadows: Engine[]): ActiveRules => {
  const all = [live, ...shadows];
  return {
    control,
    live,
    shadows,
    horizon: Math.max(...all.map((e) => horizonMinutes(e.ruleSet))),
    keep: Math.max(...all.map((e) => keepMinutes(e.ruleSet))),
  };
};

export class LiveRules {
  private readonly engines = new Map<number, Engine>();
  private readonly blockingByVersion = new Map<number, Engine | undefined>();
  private readonly fallback: Engine;
  private current: ActiveRules;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private switchedOff: ReadonlySet<string> = new Set();
  private switchesCheckedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly repo: RiskRepo,
    private readonly stage: Stage,
    fallback: unknown,
    /** How long a process runs on the control it read before reading it again. */
    private readonly refreshMs: number,
    /** How long a process runs on the rule switches it read before reading them again. */
    private readonly switchRefreshMs = 0,
  ) {
    this.fallback = new Engine(loadRuleSet(fallback), stage);
    this.current = activeOf(NO_CONTROL, this.fallback, []);
  }

  get active(): ActiveRules {
    return this.current;
  }

  /** Whether the next read should include the control. */
  due(now: number): boolean {
    return now - this.checkedAt >= this.refreshMs;
  }

  /** The rules their kill switch disables, as last read. */
  get disabled(): ReadonlySet<string> {
    return this.switchedOff;
  }

  /** Whether the next read should include the rule switches. */
  switchesDue(now: number): boolean {
    return now - this.switchesCheckedAt >= this.switchRefreshMs;
  }

  /** Takes the rule switches a read brought (undefined: none were asked for). */
  updateSwitches(disabled: ReadonlySet<string> | undefined, now: number): ReadonlySet<string> {
    if (disabled) {
      this.switchesCheckedAt = now;
      this.switchedOff = disabled;
    }
    return this.switchedOff;
  }

  /** Takes the control a read brought (undefined: none was asked for). */
  async update(control: RuleSetControl | undefined, now: number): Promise<ActiveRules> {
    if (!control) return this.current;
    this.checkedAt = now;
    const was = this.current.control;
    if (
      control.live === was.live &&
      control.shadows.length === was.shadows.length &&
      control.shadows.every((v, i) => v === was.shadows[i])
    )
      return this.current;
    const live = control.live === 0 ? this.fallback : await this.engineOf(control.live);
    // A live version that cannot be read leaves the one running in place (engineOf says so);
    // the control is read again at the next refresh.
    if (!live) return this.current;
    const shadows = (await Promise.all(control.shadows.map((v) => this.engineOf(v)))).filter(
      (e): e is Engine => e !== undefined,
    );
    this.current = activeOf(control, live, shadows);
    return this.current;
  }

  /** Reads the control now (staff flows, which must see the latest). */
  async refresh(now: number): Promise<ActiveRules> {
    return this.update(await this.repo.ruleSetControl(), now);
  }

  /** The blocking subset of the live version (the pre-check's engine). */
  blocking(): Engine | undefined {
    const live = this.current.live;
    const v = live.ruleSet.version;
    if (!this.blockingByVersion.has(v)) this.blockingByVersion.set(v, live.blocking());
    return this.blockingByVersion.get(v);
  }

  private async engineOf(version: number): Promise<Engine | undefined> {
    const known = this.engines.get(version);
    if (known) return known;
    const stored = await this.repo.ruleSet(version);
    if (!stored) {
      logger.error('rule set version named by the control is not stored', { version });
      return undefined;
    }
    const engine = new Engine(loadRuleSet(stored.ruleSet), this.stage);
    this.engines.set(version, engine);
    return engine;
  }
}
