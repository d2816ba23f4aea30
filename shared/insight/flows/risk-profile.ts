// One risk profile per customer (issue 13): what staff read in the customer file about the
// customer's risk, each part with its date and a sentence that explains it: suitability,
// credit (the latest score and the loans), monitoring (status, open alerts, held movements),
// exposure against the limits in force today. No PII: ids, figures and reasons only.
import {
  applicationView,
  bucketOf,
  standingOf,
  type ApplicationView,
  type LoansRepo,
  type StoredApplication,
} from '../../credit';
import { cstDate, type Clock } from '../../kernel';
import type { LedgerRepo } from '../../money';
import {
  exposureOf,
  LIMITED_FLOWS,
  figureLines,
  headlineOf,
  type MarketRepo,
  type PortfolioResult,
  type RiskRepo,
} from '../../risk';
import type { RuntimeSettings } from '../../settings';

export interface RiskProfileDeps {
  readonly ledger: Pick<LedgerRepo, 'usage'>;
  readonly loans: Pick<LoansRepo, 'ofCustomer'>;
  readonly risk: Pick<RiskRepo, 'openAlertsOf' | 'openHoldsOfCustomer' | 'staffSettingsOf'>;
  /** The market-risk results of the nightly run (the customer's holdings as a portfolio). */
  readonly market: Pick<MarketRepo, 'latestResult'>;
  readonly settings: RuntimeSettings;
  readonly clock: Clock;
}

export interface RiskProfileInputs {
  readonly status: string;
  readonly statusChange?: { readonly to: string; readonly at: string; readonly reason: string };
  readonly assessment?: { level: number; assessedAt: string; expiresAt: string } | undefined;
  /** The customer's credit applications, newest first. */
  readonly applications: readonly StoredApplication[];
}

/** The latest application's score as the applicant reads it (the same rounding). */
const scoreOf = (v: ApplicationView) => ({
  applicationId: v.applicationId,
  decidedAt: v.decidedAt,
  decision: v.decision,
  status: v.status,
  score: v.score,
  probabilityOfDefault: v.probabilityOfDefault,
  scorecard: v.scorecard,
  reasons: v.reasons.map((r) => r.text),
});

const yuan = (fen: number) =>
  `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export async function riskProfile(
  customerId: string,
  inputs: RiskProfileInputs,
  deps: RiskProfileDeps,
) {
  const now = deps.clock.now();
  const today = cstDate(now);
  const [loans, alerts, holds, settings, used, market] = await Promise.all([
    deps.loans.ofCustomer(customerId),
    deps.risk.openAlertsOf(customerId),
    deps.risk.openHoldsOfCustomer(customerId),
    deps.risk.staffSettingsOf(customerId),
    deps.ledger.usage(customerId, today),
    deps.market.latestResult(customerId) as Promise<PortfolioResult | undefined>,
  ]);

  const a = inputs.assessment;
  const valid = a !== undefined && new Date(a.expiresAt) > now;
  const suitability = {
    asOf: a?.assessedAt ?? null,
    level: valid ? a.level : null,
    explanation: !a
      ? 'Not assessed: the customer may buy no product that needs a risk tolerance.'
      : valid
        ? `Risk tolerance C${a.level} from the questionnaire of ${a.assessedAt.slice(0, 10)}, valid until ${a.expiresAt.slice(0, 10)}.`
        : `The C${a.level} assessment of ${a.assessedAt.slice(0, 10)} expired on ${a.expiresAt.slice(0, 10)}: no order is accepted until it is renewed.`,
  };

  const latest = inputs.applications[0];
  const loanRows = loans.map((l) => ({
    loanId: l.loanId,
    status: l.status,
    principalFen: l.principalFen,
    ...standingOf(l, today),
  }));
  const open = loanRows.filter((l) => l.status === 'ACTIVE');
  const worst = open.reduce((m, l) => Math.max(m, l.overdueDays), 0);
  const credit = {
    asOf: today,
    latestScore: latest ? scoreOf(applicationView(latest)) : null,
    loans: loanRows,
    outstandingPrincipalFen: open.reduce((s, l) => s + l.outstandingPrincipalFen, 0),
    explanation:
      open.length === 0
        ? loanRows.length
          ? `No loan open; ${loanRows.length} repaid.`
          : 'No loans with the platform.'
        : `${open.length} loan${open.length > 1 ? 's' : ''} open, ${yuan(open.reduce((s, l) => s + l.outstandingPrincipalFen, 0))} of principal outstanding; ${
            worst > 0 ? `${worst} days overdue (${bucketOf(worst)}).` : 'nothing overdue.'
          }`,
  };

  const monitoring = {
    asOf: now.toISOString(),
    status: inputs.status,
    ...(inputs.statusChange ? { statusChange: inputs.statusChange } : {}),
    openAlerts: alerts.map((x) => ({
      alertId: x.alertId,
      ruleId: x.ruleId,
      severity: x.severity,
      status: x.status,
      openedAt: x.openedAt,
      lastAt: x.lastAt,
      reasons: x.reasons,
    })),
    holds: holds.map((h) => ({
      movementId: h.movementId,
      movementType: h.movementType,
      amount: h.amount,
      heldAt: h.heldAt,
      score: h.score,
    })),
    explanation: [
      inputs.status === 'FROZEN'
        ? `Frozen${inputs.statusChange ? ` since ${inputs.statusChange.at.slice(0, 10)}: ${inputs.statusChange.reason}` : ''}.`
        : `Status ${inputs.status}.`,
      alerts.length
        ? `${alerts.length} open alert${alerts.length > 1 ? 's' : ''} (${[...new Set(alerts.map((x) => x.ruleId))].join(', ')}).`
        : 'No open alerts.',
      holds.length
        ? `${holds.length} movement${holds.length > 1 ? 's' : ''} held for review.`
        : 'Nothing held.',
    ].join(' '),
  };

  const own = settings.limits?.limits;
  const flows = LIMITED_FLOWS.map((flow) => {
    const e = exposureOf(deps.settings.exposureLimits, flow, {
      tier: 'FULL',
      riskLevel: valid ? a.level : undefined,
      own,
    });
    const usedToday = used[flow] ?? 0;
    return {
      flow,
      single: e.single,
      daily: e.daily,
      usedToday,
      remainingToday: Math.max(0, e.daily - usedToday),
      usedShare: e.daily > 0 ? Math.round((usedToday / e.daily) * 1000) / 1000 : 0,
      source: e.source,
    };
  });
  const busiest = flows.reduce((m, f) => (f.usedShare > m.usedShare ? f : m));
  const exposure = {
    asOf: today,
    flows,
    explanation:
      busiest.usedShare > 0
        ? `Most used today: ${busiest.flow}, ${Math.round(busiest.usedShare * 100)}% of its daily limit of ${yuan(busiest.daily)} (${busiest.source}).`
        : 'Nothing used of any daily limit today.',
  };

  return { suitability, credit, monitoring, exposure, marketRisk: marketRiskOf(market) };
}

/**
 * The market risk of the customer's holdings, from the nightly run's latest result: the
 * headline figure (historical VaR at the highest level, shortest horizon) and its share of
 * what is held (docs/market-risk.md).
 */
function marketRiskOf(result: PortfolioResult | undefined) {
  if (!result)
    return {
      asOf: null,
      status: 'NOT_COMPUTED' as const,
      valueFen: 0,
      headline: null,
      explanation: 'Not computed yet: the nightly market-risk run has not priced these holdings.',
    };
  const lines = result.report ? figureLines(result.report) : [];
  const headline =
    headlineOf(lines, {
      confidenceLevels: [...new Set(lines.map((l) => l.confidence))],
      horizonsDays: [...new Set(lines.map((l) => l.horizonDays))],
    }) ?? null;
  const valueFen = result.positions.reduce((s, p) => s + p.value, 0);
  return {
    asOf: result.computedAt,
    status: result.status,
    runId: result.runId,
    valueFen,
    headline,
    explanation:
      result.status === 'EMPTY'
        ? 'No holdings to price.'
        : result.status === 'FAILED'
          ? `Not priced: ${result.reason ?? 'the run failed'}.`
          : headline
            ? `Historical ${headline.horizonDays}-day VaR at ${Math.round(headline.confidence * 100)}%: ${yuan(headline.var)}, ${(headline.varShare * 100).toFixed(1)}% of the ${yuan(valueFen)} held (run of ${result.computedAt.slice(0, 10)}).`
            : 'Priced, without a historical figure.',
  };
}
export type RiskProfile = Awaited<ReturnType<typeof riskProfile>>;
