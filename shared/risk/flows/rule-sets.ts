// Rule set versions (M4.1-a; docs/risk-monitoring.md, "Writing a rule set"): a risk
// officer adds a version (validated at load, never rewritten), lists them beside the live
// one, and replays any of them over the stored history of a range of days: the decisions
// that would differ from the live version's on the same events, the alerts it would open,
// the holds and blocks it would make, and each rule's precision from the dispositions
// staff already gave. A replay writes nothing and raises nothing. Versions run in shadow
// on live traffic are reported the same way from the decisions kept beside the live ones.
// A version becomes live when a second officer approves it (four-eyes; every step kept).
import { addDays, type Clock } from '../../kernel';
import {
  commitChange,
  once,
  staffRequest,
  type IdempotentRequest,
  type LedgerRepo,
} from '../../money';
import { ConflictError, NotFoundError, Refusal } from '../../platform';
import type { RiskRepo, StoredDecision, StoredRuleSet } from '../adapters/risk-repo';
import { Engine } from '../domain/engine';
import { Comparison, replay, type ReplayReport } from '../domain/replay';
import {
  applyRuleSetAction,
  RuleSetActionRefused,
  type RuleSetAction,
} from '../domain/rule-set-lifecycle';
import { InvalidRuleSetError, loadRuleSet, type RuleSet, type Stage } from '../domain/rules';
import { rulePrecision } from './alerts';
import type { ActiveRules, LiveRules } from './live-rules';
import { dayRange } from './day-range';

export interface RuleSetDeps {
  readonly repo: RiskRepo;
  readonly rules: LiveRules;
  readonly stage: Stage;
  readonly clock: Clock;
  /** How many versions may run in shadow at once (the stage's `maxShadowRuleSets`). */
  readonly maxShadows: number;
  /** Transactions and idempotency records on the risk table (staff actions). */
  readonly tx: LedgerRepo;
}

/** The versions running now, as the control says (staff see the latest, not a cache). */
const activeNow = (deps: RuleSetDeps): Promise<ActiveRules> =>
  deps.rules.refresh(deps.clock.now().getTime());

/** The widest range one replay covers (each day is 32 queries of the history). */
export const MAX_REPLAY_DAYS = 7;

export async function addRuleSet(
  staff: string,
  input: unknown,
  deps: RuleSetDeps,
): Promise<StoredRuleSet> {
  let ruleSet: RuleSet;
  try {
    ruleSet = loadRuleSet(input);
  } catch (error) {
    if (!(error instanceof InvalidRuleSetError)) throw error;
    throw new Refusal(
      'VALIDATION_FAILED',
      'The rule set is not valid.',
      error.issues.map((i) => ({ path: `body.${i.path}`, reason: i.message })),
    );
  }
  const live = (await activeNow(deps)).live.ruleSet.version;
  if (ruleSet.version <= live)
    throw new ConflictError(
      'RULE_SET_EXISTS',
      `Version ${ruleSet.version} is not after the live version ${live}.`,
    );
  const at = deps.clock.now().toISOString();
  const record: StoredRuleSet = {
    ruleSet,
    status: 'DRAFT',
    shadow: false,
    by: staff,
    at,
    history: [{ at, by: staff, action: 'ADDED' }],
  };
  if (!(await deps.repo.putRuleSet(record)))
    throw new ConflictError('RULE_SET_EXISTS', `Version ${ruleSet.version} exists already.`);
  return record;
}

export async function listRuleSets(deps: RuleSetDeps) {
  const [active, stored] = await Promise.all([activeNow(deps), deps.repo.ruleSets()]);
  const live = active.live.ruleSet;
  return {
    live: { version: live.version, description: live.description },
    shadows: active.shadows.map((e) => e.ruleSet.version),
    items: stored.map((s) => ({
      version: s.ruleSet.version,
      description: s.ruleSet.description,
      status: s.status,
      shadow: s.shadow,
      rules: s.ruleSet.rules.length,
      by: s.by,
      at: s.at,
    })),
  };
}

/** One stored version with its steps. */
export async function storedRuleSet(version: number, deps: RuleSetDeps): Promise<StoredRuleSet> {
  const stored = await deps.repo.ruleSet(version);
  if (!stored) throw new NotFoundError('RULE_SET_NOT_FOUND', `No rule set version ${version}.`);
  return stored;
}

/**
 * A step in a version's life (PROPOSE, APPROVE, REJECT, SHADOW, UNSHADOW) with its reason,
 * decided on the control read now; a retry with the same Idempotency-Key answers as the
 * first did. APPROVE by anyone but a second officer is FOUR_EYES_REQUIRED.
 */
export async function actOnRuleSet(
  staff: string,
  version: number,
  req: Omit<IdempotentRequest, 'customerId' | 'body'> & {
    input: { action: RuleSetAction; reason: string };
  },
  deps: RuleSetDeps,
): Promise<StoredRuleSet> {
  const scoped = staffRequest(staff, req, { ruleSetVersion: version, ...req.input });
  return once(deps.tx, scoped, { table: deps.repo.table, checkFirst: true }, async (key) => {
    const before = await storedRuleSet(version, deps);
    const control = await deps.repo.ruleSetControl();
    const now = deps.clock.now();
    const active = await deps.rules.update(control, now.getTime());
    let change;
    try {
      change = applyRuleSetAction(
        {
          version,
          status: before.status,
          shadow: before.shadow,
          by: before.by,
          history: before.history,
        },
        control,
        active.live.ruleSet.version,
        { action: req.input.action, by: staff, at: now.toISOString(), reason: req.input.reason },
        deps.maxShadows,
      );
    } catch (error) {
      if (!(error instanceof RuleSetActionRefused)) throw error;
      throw new Refusal(error.code, error.message);
    }
    const after: StoredRuleSet = {
      ...before,
      status: change.next.status,
      shadow: change.next.shadow,
      history: change.next.history,
    };
    const tx = deps.repo.ruleSetChange(key.answered(deps.tx.tx(), after), before, change, control);
    await commitChange(
      deps.tx,
      tx,
      ['ruleSet'],
      'The rule sets changed meanwhile; read them again.',
    );
    return after;
  });
}

export async function ruleSetOf(version: number, deps: RuleSetDeps): Promise<RuleSet> {
  const live = (await activeNow(deps)).live;
  if (version === live.ruleSet.version) return live.ruleSet;
  const stored = await deps.repo.ruleSet(version);
  if (!stored) throw new NotFoundError('RULE_SET_NOT_FOUND', `No rule set version ${version}.`);
  return stored.ruleSet;
}

export type ReportWithPrecision = ReplayReport & {
  from: string;
  to: string;
  precision: Awaited<ReturnType<typeof rulePrecision>>['rules'];
};

const checkRange = (range: { from: string; to: string }, where: 'body' | 'query') =>
  dayRange(range, { maxDays: MAX_REPLAY_DAYS, where });

/** The stored decisions of some days, oldest first. */
async function historyOf(days: readonly string[], deps: RuleSetDeps): Promise<StoredDecision[]> {
  return (await Promise.all(days.map((d) => deps.repo.decisionsOn(d)))).flat();
}

export async function replayRuleSet(
  version: number,
  range: { from: string; to: string },
  deps: RuleSetDeps,
): Promise<ReportWithPrecision> {
  const { from, days } = checkRange(range, 'body');
  const candidate = new Engine(await ruleSetOf(version, deps), deps.stage);
  // The day before warms the counters up (windows reach back at most three days; one day
  // covers every shipped window but the dormancy rule's, which reads the profile).
  const history = await historyOf([addDays(from, -1), ...days], deps);
  const report = replay(
    history.map((h) => h.event),
    (await activeNow(deps)).live,
    candidate,
    `${range.from}T00:00:00.000Z`,
  );
  const precision = await rulePrecision(range, { repo: deps.repo, today: range.to });
  return { from: range.from, to: range.to, ...report, precision: precision.rules };
}

/**
 * The decisions a version in shadow made on live traffic over a range of days, against the
 * live decisions on the same events (the events it saw while it ran in shadow).
 */
export async function shadowReport(
  version: number,
  range: { from: string; to: string },
  deps: RuleSetDeps,
): Promise<ReportWithPrecision> {
  const { days } = checkRange(range, 'query');
  await storedRuleSet(version, deps);
  const history = await historyOf(days, deps);
  const comparison = new Comparison((await activeNow(deps)).live.ruleSet.version, version);
  for (const h of history) {
    const shadow = h.shadows?.[String(version)];
    if (shadow) comparison.add(h.event, h.decision, shadow);
  }
  const precision = await rulePrecision(range, { repo: deps.repo, today: range.to });
  return { from: range.from, to: range.to, ...comparison.report(), precision: precision.rules };
}
