// Wiring of the risk module: its repository, the alert topic and the rule set versions
// that run (the live one and those in shadow).
import { systemClock } from '../../shared/kernel';
import { ENV, requireEnv } from '../../shared/platform';
import {
  BlockingPrecheck,
  decideHold,
  SCREENING_RULE,
  type HoldDeps,
  type ReportDeps,
  type RuleSetDeps,
  AlertTopic,
  DEFAULT_RULE_SET,
  KriRepo,
  type KriDeps,
  LiveRules,
  RiskRepo,
  type ScoringDeps,
} from '../../shared/risk';
import { hitReasons, openScreenings, type ScreeningHolds } from '../../shared/compliance';
import {
  blindIndex,
  holdings,
  ledger,
  queue,
  screenings,
  settings,
  transactionsOn,
} from './adapters';

let repo: RiskRepo | undefined;
export function riskRepo(): RiskRepo {
  const table = requireEnv(ENV.tables.risk);
  if (repo?.table !== table) repo = new RiskRepo(table);
  return repo;
}

let rules: { repo: RiskRepo; rules: LiveRules } | undefined;
/** The rule set versions this process runs (the shipped version until one is published). */
export function liveRules(): LiveRules {
  const r = riskRepo();
  if (rules?.repo !== r) {
    const s = settings();
    rules = {
      repo: r,
      rules: new LiveRules(
        r,
        s.stage,
        DEFAULT_RULE_SET,
        s.ruleSetRefreshSeconds * 1000,
        s.ruleSwitchRefreshSeconds * 1000,
      ),
    };
  }
  return rules.rules;
}

export function scoringDeps(): ScoringDeps {
  return {
    repo: riskRepo(),
    rules: liveRules(),
    notifier: new AlertTopic(requireEnv(ENV.topics.riskAlerts)),
    clock: systemClock,
    ledgerTable: requireEnv(ENV.tables.ledger),
    screenings: {
      openOf: async (ids) => {
        const open = await openScreenings(ids, screenings());
        return new Map(
          [...open].map(([id, s]) => [
            id,
            { status: s.status as 'OPEN' | 'CONFIRMED', reasons: hitReasons(s) },
          ]),
        );
      },
    },
  };
}

/** For risk officers' work on rule set versions: add, shadow, propose, approve, replay. */
export function ruleSetDeps(): RuleSetDeps {
  return {
    repo: riskRepo(),
    rules: liveRules(),
    stage: settings().stage,
    clock: systemClock,
    maxShadows: settings().maxShadowRuleSets,
    tx: transactionsOn('risk'),
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

let precheck: { rules: LiveRules; check: BlockingPrecheck } | undefined;
/** The synchronous BLOCK pre-check of the money functions (ADR 0012). */
export function riskPrecheck(): BlockingPrecheck {
  const r = liveRules();
  if (precheck?.rules !== r)
    precheck = {
      rules: r,
      check: new BlockingPrecheck(
        riskRepo(),
        r,
        settings().exposureLimits,
        systemClock,
        queue('riskEvents'),
      ),
    };
  return precheck.check;
}

let kri: KriRepo | undefined;
/** For the key risk indicators: their repository, configuration and the alert topic. */
export function kriDeps(): KriDeps {
  const table = requireEnv(ENV.tables.risk);
  if (kri?.table !== table) kri = new KriRepo(table);
  return {
    repo: kri,
    config: settings().kri,
    clock: systemClock,
    notifier: new AlertTopic(requireEnv(ENV.topics.riskAlerts)),
  };
}

/** The key risk indicator counters a function outside risk monitoring adds to. */
export function kriCounter(): Pick<KriRepo, 'count1'> {
  const table = requireEnv(ENV.tables.risk);
  if (kri?.table !== table) kri = new KriRepo(table);
  return kri;
}

/** The monitoring holds screening placed, as compliance officers' decisions release or reject them. */
export function screeningHolds(): ScreeningHolds {
  return {
    heldFor: async (customerId) =>
      (await riskRepo().openHolds())
        .filter(
          (h) =>
            h.rules.some((r) => r.ruleId === SCREENING_RULE) &&
            (h.customerId === customerId || h.counterpartyId === customerId),
        )
        .map((h) => ({
          movementId: h.movementId,
          customerId: h.customerId,
          ...(h.counterpartyId ? { counterpartyId: h.counterpartyId } : {}),
          onlyScreening: h.rules.every((r) => r.ruleId === SCREENING_RULE),
        })),
    decide: async (staff, movementId, req) => {
      await decideHold(staff, movementId, req, holdDeps());
    },
  };
}
