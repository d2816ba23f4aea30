// Rule set versions (M4.1-a; docs/risk-monitoring.md, "Writing a rule set"): a risk
// officer adds a version (validated at load, never rewritten), lists them beside the live
// one, and replays any of them over the stored history of a range of days: the decisions
// that would differ from the live version's on the same events, the alerts it would open,
// the holds and blocks it would make, and each rule's precision from the dispositions
// staff already gave. A replay writes nothing and raises nothing.
import type { Clock } from '../../kernel';
import { ConflictError, NotFoundError, Refusal } from '../../platform';
import type { RiskRepo, StoredRuleSet } from '../adapters/risk-repo';
import { Engine } from '../domain/engine';
import { replay, type ReplayReport } from '../domain/replay';
import { InvalidRuleSetError, loadRuleSet, type RuleSet, type Stage } from '../domain/rules';
import { rulePrecision } from './alerts';

export interface RuleSetDeps {
  readonly repo: RiskRepo;
  readonly live: Engine;
  readonly stage: Stage;
  readonly clock: Clock;
}

const DAY = 86_400_000;
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
  if (ruleSet.version <= deps.live.ruleSet.version)
    throw new ConflictError(
      'RULE_SET_EXISTS',
      `Version ${ruleSet.version} is not after the live version ${deps.live.ruleSet.version}.`,
    );
  const record: StoredRuleSet = {
    ruleSet,
    status: 'DRAFT',
    by: staff,
    at: deps.clock.now().toISOString(),
  };
  if (!(await deps.repo.putRuleSet(record)))
    throw new ConflictError('RULE_SET_EXISTS', `Version ${ruleSet.version} exists already.`);
  return record;
}

export async function listRuleSets(deps: RuleSetDeps) {
  const stored = await deps.repo.ruleSets();
  return {
    live: { version: deps.live.ruleSet.version, description: deps.live.ruleSet.description },
    items: stored.map((s) => ({
      version: s.ruleSet.version,
      description: s.ruleSet.description,
      status: s.status,
      rules: s.ruleSet.rules.length,
      by: s.by,
      at: s.at,
    })),
  };
}

export async function ruleSetOf(version: number, deps: RuleSetDeps): Promise<RuleSet> {
  if (version === deps.live.ruleSet.version) return deps.live.ruleSet;
  const stored = await deps.repo.ruleSet(version);
  if (!stored) throw new NotFoundError('RULE_SET_NOT_FOUND', `No rule set version ${version}.`);
  return stored.ruleSet;
}

export async function replayRuleSet(
  version: number,
  range: { from: string; to: string },
  deps: RuleSetDeps,
): Promise<
  ReplayReport & {
    from: string;
    to: string;
    precision: Awaited<ReturnType<typeof rulePrecision>>['rules'];
  }
> {
  const span = (Date.parse(range.to) - Date.parse(range.from)) / DAY;
  if (!(span >= 0 && span < MAX_REPLAY_DAYS))
    throw new Refusal('VALIDATION_FAILED', 'The range of days is not valid.', [
      { path: 'body.from', reason: `must be on or before to, at most ${MAX_REPLAY_DAYS} days` },
    ]);
  const candidate = new Engine(await ruleSetOf(version, deps), deps.stage);
  // The day before warms the counters up (windows reach back at most three days; one day
  // covers every shipped window but the dormancy rule's, which reads the profile).
  const days: string[] = [];
  for (let t = Date.parse(range.from) - DAY; t <= Date.parse(range.to); t += DAY)
    days.push(new Date(t).toISOString().slice(0, 10));
  const history = (await Promise.all(days.map((d) => deps.repo.decisionsOn(d)))).flat();
  const report = replay(
    history.map((h) => h.event),
    deps.live,
    candidate,
    `${range.from}T00:00:00.000Z`,
  );
  const precision = await rulePrecision(range, { repo: deps.repo, today: range.to });
  return { from: range.from, to: range.to, ...report, precision: precision.rules };
}
