// Wiring of the risk module: its repository, the alert topic and the live engine.
import { systemClock } from '../../shared/kernel';
import { ENV, requireEnv } from '../../shared/platform';
import {
  BlockingPrecheck,
  type HoldDeps,
  type ReportDeps,
  AlertTopic,
  DEFAULT_RULE_SET,
  Engine,
  loadRuleSet,
  RiskRepo,
  type ScoringDeps,
} from '../../shared/risk';
import { blindIndex, holdings, ledger, queue, settings } from './adapters';

let repo: RiskRepo | undefined;
export function riskRepo(): RiskRepo {
  const table = requireEnv(ENV.tables.risk);
  if (repo?.table !== table) repo = new RiskRepo(table);
  return repo;
}

let engine: Engine | undefined;
/** The live rule set's engine for this stage (the shipped version until one is published). */
export function liveEngine(): Engine {
  engine ??= new Engine(loadRuleSet(DEFAULT_RULE_SET), settings().stage);
  return engine;
}

export function scoringDeps(): ScoringDeps {
  return {
    repo: riskRepo(),
    engine: liveEngine(),
    notifier: new AlertTopic(requireEnv(ENV.topics.riskAlerts)),
    clock: systemClock,
    ledgerTable: requireEnv(ENV.tables.ledger),
  };
}

/** For functions that send their own risk events (sign-ins, activations). */
export function reportDeps(): ReportDeps {
  return { queue: queue('riskEvents'), hasher: blindIndex(), clock: systemClock };
}

/** For risk officers' decisions on held movements (ADR 0012). */
export function holdDeps(): HoldDeps {
  return {
    repo: riskRepo(),
    ledger: ledger(),
    holdings: holdings(),
    platformShards: settings().ledger.platformShards,
    clock: systemClock,
  };
}

let precheck: { table: string; check: BlockingPrecheck } | undefined;
/** The synchronous BLOCK pre-check of the money functions (ADR 0012). */
export function riskPrecheck(): BlockingPrecheck {
  const table = requireEnv(ENV.tables.risk);
  if (precheck?.table !== table)
    precheck = {
      table,
      check: new BlockingPrecheck(
        riskRepo(),
        liveEngine(),
        settings().exposureLimits,
        queue('riskEvents'),
      ),
    };
  return precheck.check;
}
