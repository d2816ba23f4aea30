// KPIs per flow for a period of CST days (issue 14; M8.1-a, M8.3-a): the facts read from the
// platform's own records, each KPI computed once by its definition (domain/kpis.ts). The
// period is `from` to `to`, both CST calendar days included; a record belongs to it by the
// instant that starts it (a registration's start, a decision's time, a movement's settlement
// date, an alert's or incident's opening). Facts up to now: a period that has not ended is
// a figure so far.
import type { ApplicationsRepo } from '../../credit';
import type { CustomersRepo } from '../../identity';
import { addDays, cstDate, cstDayStart, datesBetween, type Clock } from '../../kernel';
import { isBusinessDay, type LedgerRepo } from '../../money';
import { logger } from '../../platform';
import { PLATFORM_SUBJECT, type IncidentsRepo, type RiskRepo } from '../../risk';
import type { RuntimeSettings } from '../../settings';
import type { RetentionRepo } from '../adapters/retention-repo';
import {
  kpisOf,
  workingDaysBetween,
  type KpiFacts,
  type KpiResult,
  type RetentionFacts,
  type ServiceFacts,
  type SettlementFact,
} from '../domain/kpis';

export const KPI_METRICS_NAMESPACE = 'Finplat/KPI';

/** Where the complaint figures come from (the service module), for the CST days of the period. */
export interface ServiceKpiSource {
  facts(days: { from: string; to: string }): Promise<ServiceFacts>;
}

export interface KpiDeps {
  readonly customers: Pick<CustomersRepo, 'registrationLog' | 'segmentReportsBetween'>;
  readonly retention: Pick<RetentionRepo, 'retentionActionCount'>;
  readonly credit: Pick<ApplicationsRepo, 'decisionLog'>;
  readonly ledger: Pick<LedgerRepo, 'settlementsOn'>;
  readonly alerts: Pick<RiskRepo, 'alertTimes'>;
  readonly incidents: Pick<IncidentsRepo, 'openedBetween'>;
  readonly service?: ServiceKpiSource;
  readonly settings: Pick<RuntimeSettings, 'settlement' | 'ledger'>;
  readonly clock: Clock;
}

export interface KpiReport {
  readonly from: string;
  readonly to: string;
  /** The instant the facts were read up to: the period's end, or now if it has not ended. */
  readonly asOf: string;
  readonly kpis: readonly KpiResult[];
}

const NO_SERVICE: ServiceFacts = {
  firstResponse: { met: 0, due: 0 },
  result: { met: 0, due: 0 },
  ratings: { responses: 0, satisfied: 0, promoters: 0, detractors: 0 },
};

/** The settlement fact of a settlement-log row (undefined while not yet due or unknown). */
function settlementFact(row: {
  createdAt?: string | undefined;
  settleOn?: string | undefined;
  status: string;
  history?: readonly { status: string; at: string }[] | undefined;
}): SettlementFact | undefined {
  if (!row.createdAt || !row.settleOn) return undefined;
  const dueMs = Math.max(Date.parse(row.createdAt), cstDayStart(row.settleOn));
  const settled = row.history?.findLast((h) => h.status === 'SETTLED');
  return {
    dueAt: new Date(dueMs).toISOString(),
    ...(row.status === 'SETTLED' && settled ? { settledAt: settled.at } : {}),
    failed: row.status === 'FAILED',
  };
}

/** Every KPI for the CST days `from` to `to` (both included). */
export async function kpiReport(
  range: { from: string; to: string },
  deps: KpiDeps,
): Promise<KpiReport> {
  const now = deps.clock.now();
  const startIso = new Date(cstDayStart(range.from)).toISOString();
  const endMs = Math.min(cstDayStart(addDays(range.to, 1)), now.getTime());
  const endIso = new Date(endMs).toISOString();
  const inPeriod = (at: string) => at >= startIso && at < endIso;
  const days = datesBetween(range.from, range.to).filter((d) => cstDayStart(d) <= endMs);
  // Alerts are keyed by UTC day: the CST period spans the day before its first.
  const utcDays = datesBetween(addDays(range.from, -1), range.to);
  const policy = deps.settings.settlement;
  const [registrations, decisions, settlementRows, alerts, incidents, service, segments, actions] =
    await Promise.all([
      deps.customers.registrationLog(days),
      deps.credit.decisionLog(days),
      Promise.all(
        days.map((d) => deps.ledger.settlementsOn(d, deps.settings.ledger.platformShards)),
      ),
      deps.alerts.alertTimes(utcDays),
      deps.incidents.openedBetween(startIso, endIso),
      deps.service?.facts({ from: range.from, to: range.to }) ?? NO_SERVICE,
      deps.customers.segmentReportsBetween(startIso, endIso),
      deps.retention.retentionActionCount(days),
    ]);
  const latest = segments.at(-1) as
    { customers?: number; byLifecycle?: Record<string, number> } | undefined;
  const retention: RetentionFacts = {
    atRisk: latest ? (latest.byLifecycle?.AT_RISK ?? 0) : null,
    customers: latest?.customers ?? null,
    actions,
  };
  const facts: KpiFacts = {
    registrations: registrations
      .filter((r) => !r.unverifiable && inPeriod(r.createdAt))
      .map((r) => ({
        createdAt: r.createdAt,
        ...(r.verifiedAt && r.verifiedAt < endIso ? { verifiedAt: r.verifiedAt } : {}),
      })),
    creditDecisions: decisions
      .filter((d) => inPeriod(d.decidedAt))
      .map((d) => ({
        ...d,
        workingDays: workingDaysBetween(
          cstDate(new Date(d.appliedAt)),
          cstDate(new Date(d.decidedAt)),
          (date) => isBusinessDay(date, policy),
          addDays,
        ),
      })),
    settlements: settlementRows
      .flat()
      .map(settlementFact)
      .filter((s): s is SettlementFact => s !== undefined && s.dueAt < endIso)
      .map((s) => (s.settledAt && s.settledAt >= endIso ? { dueAt: s.dueAt, failed: false } : s)),
    alerts: alerts
      .filter((a) => a.customerId !== PLATFORM_SUBJECT && inPeriod(a.openedAt))
      .map((a) => ({
        openedAt: a.openedAt,
        ...(a.closedAt && a.closedAt < endIso
          ? { closedAt: a.closedAt, ...(a.disposition ? { disposition: a.disposition } : {}) }
          : {}),
      })),
    incidents: incidents.map((i) => ({
      openedAt: i.openedAt,
      ...(i.acknowledgedAt && i.acknowledgedAt < endIso
        ? { acknowledgedAt: i.acknowledgedAt }
        : {}),
      ...(i.resolvedAt && i.resolvedAt < endIso ? { resolvedAt: i.resolvedAt } : {}),
    })),
    service,
    retention,
  };
  return { from: range.from, to: range.to, asOf: endIso, kpis: kpisOf(facts) };
}

/**
 * The daily run: yesterday's KPIs (CST) as CloudWatch metrics, one per KPI (namespace
 * Finplat/KPI, the KPI's id as the metric), which the stage's KPI dashboard graphs.
 */
export async function publishDailyKpis(deps: KpiDeps, stage: string): Promise<KpiReport> {
  const yesterday = addDays(cstDate(deps.clock.now()), -1);
  const report = await kpiReport({ from: yesterday, to: yesterday }, deps);
  const values: Record<string, number> = {};
  for (const k of report.kpis) if (k.value !== null) values[k.id] = k.value;
  logger.metric(KPI_METRICS_NAMESPACE, values, { Stage: stage });
  return report;
}
