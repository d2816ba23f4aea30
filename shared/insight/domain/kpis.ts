// Key performance indicators per flow (issue 14; M8.1-a process monitoring, M8.3-a KPIs
// measured from the platform's own events). Each KPI is defined once, here: its flow and
// owner, unit, formula (the sentence the API, the dashboard and docs/kpis.md show) and the
// function that computes it from the period's facts. The facts are the platform's own
// records (registrations, credit decisions, the settlement log, monitoring alerts,
// incidents, complaints, segmentation runs), gathered by the flow; nothing here reads.
// Pure.

/** The flows KPIs are kept for, in the order they are shown. */
export const KPI_FLOWS = [
  'onboarding',
  'credit',
  'settlement',
  'monitoring',
  'incidents',
  'service',
  'retention',
] as const;
export type KpiFlow = (typeof KPI_FLOWS)[number];

/** The most days one report covers (a quarter): longer ranges are asked for in parts. */
export const KPI_MAX_DAYS = 92;

export type KpiUnit = 'percent' | 'minutes' | 'seconds' | 'workingDays' | 'score' | 'count';

/** A registration started in the period, and when it was verified (if it was). */
export interface RegistrationFact {
  readonly createdAt: string;
  readonly verifiedAt?: string;
}

/** A credit application decided in the period (automatically, or by an officer). */
export interface CreditDecisionFact {
  readonly appliedAt: string;
  readonly decidedAt: string;
  readonly referred: boolean;
  /** Working days from the application's day to the decision's (the settlement calendar). */
  readonly workingDays: number;
}

/** A movement due to settle in the period, and how its settlement went. */
export interface SettlementFact {
  /** When it became due: its creation, or the start of its settlement date if later. */
  readonly dueAt: string;
  readonly settledAt?: string;
  readonly failed: boolean;
}

/** A monitoring alert opened in the period. */
export interface AlertFact {
  readonly openedAt: string;
  readonly closedAt?: string;
  readonly disposition?: string;
}

/** An incident opened in the period. */
export interface IncidentFact {
  readonly openedAt: string;
  readonly acknowledgedAt?: string;
  readonly resolvedAt?: string;
}

/**
 * The complaints filed in the period (the service module's figures): their SLA clocks
 * decided (met or breached) and met, and the ratings their customers gave.
 */
export interface ServiceFacts {
  readonly firstResponse: { readonly met: number; readonly due: number };
  readonly result: { readonly met: number; readonly due: number };
  readonly ratings: {
    /** Ratings given (1..5, each with an NPS answer 0..10). */
    readonly responses: number;
    /** Ratings of 4 or 5. */
    readonly satisfied: number;
    /** NPS answers of 9-10, and of 0-6. */
    readonly promoters: number;
    readonly detractors: number;
  };
}

export interface RetentionFacts {
  /** Customers the latest segmentation in the period found at risk of churn, and all it counted. */
  readonly atRisk: number | null;
  readonly customers: number | null;
  /** Retention actions recorded in the period. */
  readonly actions: number;
}

export interface KpiFacts {
  readonly registrations: readonly RegistrationFact[];
  readonly creditDecisions: readonly CreditDecisionFact[];
  readonly settlements: readonly SettlementFact[];
  readonly alerts: readonly AlertFact[];
  readonly incidents: readonly IncidentFact[];
  readonly service: ServiceFacts;
  readonly retention: RetentionFacts;
}

/** A KPI's figure: the value (null where nothing was measured) and what it was computed from. */
export interface KpiFigure {
  readonly value: number | null;
  /** How many records the figure stands on. */
  readonly basis: number;
  readonly numerator?: number;
  readonly denominator?: number;
}

export interface KpiDefinition {
  readonly id: string;
  readonly title: string;
  readonly flow: KpiFlow;
  /** Who owns the process the KPI measures (M8.1-a: process maps with owners). */
  readonly owner: string;
  readonly unit: KpiUnit;
  readonly formula: string;
  readonly better: 'higher' | 'lower';
  /** A target where the manual or the platform's own targets give one, with its source. */
  readonly target?: { readonly value: number; readonly source: string };
  readonly figure: (facts: KpiFacts) => KpiFigure;
}

const minutes = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;
/** Minutes from `from` to `to`, or undefined when `to` has not happened. */
const span = (from: string, to: string | undefined) => (to ? minutes(from, to) : undefined);
const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;

/** A share in percent, null when nothing was counted. */
function share(numerator: number, denominator: number): KpiFigure {
  return {
    value: denominator === 0 ? null : round((100 * numerator) / denominator),
    basis: denominator,
    numerator,
    denominator,
  };
}

/** The mean of the values, null when there are none. */
function mean(values: readonly number[]): KpiFigure {
  if (values.length === 0) return { value: null, basis: 0 };
  return { value: round(values.reduce((s, v) => s + v, 0) / values.length), basis: values.length };
}

/** Net promoter score: promoters (9-10) minus detractors (0-6), in percent of the answers. */
export function netPromoterScore(r: {
  responses: number;
  promoters: number;
  detractors: number;
}): number | null {
  if (r.responses === 0) return null;
  return round((100 * (r.promoters - r.detractors)) / r.responses);
}

const defined = <T>(xs: readonly (T | undefined)[]): T[] => xs.filter((x) => x !== undefined);

export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  {
    id: 'registration.conversion',
    title: 'Registration conversion',
    flow: 'onboarding',
    owner: 'Head of customer operations',
    unit: 'percent',
    formula:
      'registrations started in the period that were verified (so far) / registrations started in the period x 100',
    better: 'higher',
    figure: (f) =>
      share(f.registrations.filter((r) => r.verifiedAt).length, f.registrations.length),
  },
  {
    id: 'registration.time',
    title: 'Time to verify a registration',
    flow: 'onboarding',
    owner: 'Head of customer operations',
    unit: 'minutes',
    formula:
      'mean of (verified at - started at) over the registrations started in the period and verified',
    better: 'lower',
    figure: (f) => mean(defined(f.registrations.map((r) => span(r.createdAt, r.verifiedAt)))),
  },
  {
    id: 'credit.decisionTime',
    title: 'Credit decision time',
    flow: 'credit',
    owner: 'Head of credit',
    unit: 'workingDays',
    formula:
      "mean over the applications decided in the period of the working days (settlement calendar) from the application's day to the decision's; 0 for a decision the same day",
    better: 'lower',
    target: {
      value: 3,
      source: 'M8.1-a reference: loan approval from 7 working days down to 3',
    },
    figure: (f) => mean(f.creditDecisions.map((d) => d.workingDays)),
  },
  {
    id: 'credit.referralRate',
    title: 'Credit applications referred to an officer',
    flow: 'credit',
    owner: 'Head of credit',
    unit: 'percent',
    formula: 'applications decided in the period that were referred / applications decided x 100',
    better: 'lower',
    figure: (f) =>
      share(f.creditDecisions.filter((d) => d.referred).length, f.creditDecisions.length),
  },
  {
    id: 'settlement.latency',
    title: 'Settlement latency',
    flow: 'settlement',
    owner: 'Head of settlement',
    unit: 'seconds',
    formula:
      'mean of (settled at - due at) over the movements due in the period that settled; due at is the creation, or the start of the settlement date (CST) if later',
    better: 'lower',
    figure: (f) =>
      mean(
        defined(
          f.settlements.map((s) => {
            const m = span(s.dueAt, s.settledAt);
            return m === undefined ? undefined : Math.max(0, m * 60);
          }),
        ),
      ),
  },
  {
    id: 'settlement.failureRate',
    title: 'Settlement failure rate',
    flow: 'settlement',
    owner: 'Head of settlement',
    unit: 'percent',
    formula:
      'movements due in the period whose settlement failed / movements due in the period that settled or failed x 100',
    better: 'lower',
    figure: (f) =>
      share(
        f.settlements.filter((s) => s.failed).length,
        f.settlements.filter((s) => s.failed || s.settledAt).length,
      ),
  },
  {
    id: 'alerts.handlingTime',
    title: 'Alert handling time',
    flow: 'monitoring',
    owner: 'Head of risk',
    unit: 'minutes',
    formula: 'mean of (closed at - opened at) over the alerts opened in the period and closed',
    better: 'lower',
    figure: (f) => mean(defined(f.alerts.map((a) => span(a.openedAt, a.closedAt)))),
  },
  {
    id: 'alerts.falsePositiveRate',
    title: 'Alert false-positive rate',
    flow: 'monitoring',
    owner: 'Head of risk',
    unit: 'percent',
    formula:
      'alerts opened in the period and closed as FALSE_POSITIVE / those closed with a disposition x 100',
    better: 'lower',
    figure: (f) => {
      const decided = f.alerts.filter((a) => a.closedAt && a.disposition);
      return share(
        decided.filter((a) => a.disposition === 'FALSE_POSITIVE').length,
        decided.length,
      );
    },
  },
  {
    id: 'incidents.responseTime',
    title: 'Incident response time',
    flow: 'incidents',
    owner: 'Head of operations (on-call)',
    unit: 'minutes',
    formula: 'mean of (acknowledged at - opened at) over the incidents opened in the period',
    better: 'lower',
    figure: (f) => mean(defined(f.incidents.map((i) => span(i.openedAt, i.acknowledgedAt)))),
  },
  {
    id: 'incidents.resolutionTime',
    title: 'Incident resolution time',
    flow: 'incidents',
    owner: 'Head of operations (on-call)',
    unit: 'minutes',
    formula: 'mean of (resolved at - opened at) over the incidents opened in the period',
    better: 'lower',
    figure: (f) => mean(defined(f.incidents.map((i) => span(i.openedAt, i.resolvedAt)))),
  },
  {
    id: 'incidents.resolvedWithin24h',
    title: 'Incidents resolved within 24 hours',
    flow: 'incidents',
    owner: 'Head of operations (on-call)',
    unit: 'percent',
    formula:
      'incidents opened in the period and resolved within 24 hours of opening / incidents opened in the period x 100',
    better: 'higher',
    target: { value: 82, source: 'M6.4-a reference: 82% of incidents handled within 24 h' },
    figure: (f) =>
      share(
        f.incidents.filter((i) => (span(i.openedAt, i.resolvedAt) ?? Infinity) <= 24 * 60).length,
        f.incidents.length,
      ),
  },
  {
    id: 'complaints.firstResponseSla',
    title: 'Complaints answered within the first-response SLA',
    flow: 'service',
    owner: 'Head of customer service',
    unit: 'percent',
    formula:
      'complaints filed in the period whose first-response clock was met / those whose clock is decided (met, or breached) x 100',
    better: 'higher',
    target: { value: 100, source: 'M7.4-a: respond within 24 hours' },
    figure: (f) => share(f.service.firstResponse.met, f.service.firstResponse.due),
  },
  {
    id: 'complaints.resultSla',
    title: 'Complaints resolved within the result SLA',
    flow: 'service',
    owner: 'Head of customer service',
    unit: 'percent',
    formula:
      'complaints filed in the period whose result clock was met / those whose clock is decided (met, or breached) x 100',
    better: 'higher',
    target: { value: 100, source: 'M7.4-a: result fed back within 48 hours' },
    figure: (f) => share(f.service.result.met, f.service.result.due),
  },
  {
    id: 'service.satisfaction',
    title: 'Customer satisfaction',
    flow: 'service',
    owner: 'Head of customer service',
    unit: 'percent',
    formula:
      'ratings of 4 or 5 given to complaints filed in the period / ratings given to them x 100',
    better: 'higher',
    target: { value: 82, source: 'M7.2-b reference: satisfaction lifted from 65% to 82%' },
    figure: (f) => share(f.service.ratings.satisfied, f.service.ratings.responses),
  },
  {
    id: 'service.nps',
    title: 'Net promoter score',
    flow: 'service',
    owner: 'Head of customer service',
    unit: 'score',
    formula:
      'answers of 9-10 minus answers of 0-6, in percent of the answers given to complaints filed in the period (-100..100)',
    better: 'higher',
    figure: (f) => ({
      value: netPromoterScore(f.service.ratings),
      basis: f.service.ratings.responses,
    }),
  },
  {
    id: 'retention.churnRisk',
    title: 'Customers at risk of churn',
    flow: 'retention',
    owner: 'Head of customer relationships',
    unit: 'percent',
    formula:
      "customers the period's latest segmentation run found at risk of churn / customers it counted x 100",
    better: 'lower',
    figure: (f) =>
      f.retention.atRisk === null || f.retention.customers === null
        ? { value: null, basis: 0 }
        : share(f.retention.atRisk, f.retention.customers),
  },
  {
    id: 'retention.actions',
    title: 'Retention actions',
    flow: 'retention',
    owner: 'Head of customer relationships',
    unit: 'count',
    formula: 'retention actions recorded by staff in the period',
    better: 'higher',
    figure: (f) => ({ value: f.retention.actions, basis: f.retention.actions }),
  },
];

export interface KpiResult {
  readonly id: string;
  readonly title: string;
  readonly flow: KpiFlow;
  readonly owner: string;
  readonly unit: KpiUnit;
  readonly formula: string;
  readonly better: 'higher' | 'lower';
  readonly target?: { readonly value: number; readonly source: string };
  readonly value: number | null;
  readonly basis: number;
  readonly numerator?: number;
  readonly denominator?: number;
  /** Whether the value meets its target; null without a target or a value. */
  readonly met: boolean | null;
}

/** Every KPI's figure for the period's facts, in definition order. */
export function kpisOf(facts: KpiFacts): KpiResult[] {
  return KPI_DEFINITIONS.map(({ figure, ...d }) => {
    const f = figure(facts);
    const met =
      d.target === undefined || f.value === null
        ? null
        : d.better === 'higher'
          ? f.value >= d.target.value
          : f.value <= d.target.value;
    return { ...d, ...f, met };
  });
}

/** Working days after `fromDate` up to and including `toDate` (0 for the same day). */
export function workingDaysBetween(
  fromDate: string,
  toDate: string,
  isWorkingDay: (date: string) => boolean,
  addDays: (date: string, n: number) => string,
): number {
  let n = 0;
  for (let d = addDays(fromDate, 1); d <= toDate; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}
