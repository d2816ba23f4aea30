// Alerts (M4.1-a: a breached threshold raises a warning and notifies risk staff). A rule's
// hit with an action of REVIEW or above raises an alert once, when its condition starts to
// hold for a customer; later hits of the same rule for the same customer join that alert
// (its events and count grow, nobody is paged again) while it is open and the last hit was
// within the rule's grouping period. Pure: the caller keeps the open alerts per customer.
import type { Decision, RuleHit } from './engine';
import { ACTIONS, type Rule, type Severity } from './rules';

const MINUTE = 60_000;

/** How staff close an alert; precision per rule comes from these. */
export const DISPOSITIONS = ['CONFIRMED_RISK', 'VALUABLE_ALERT', 'FALSE_POSITIVE'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** The alert a rule has open for a customer, as the grouping needs it. */
export interface OpenAlert {
  readonly alertId: string;
  readonly lastAt: number;
}

export interface AlertOpened {
  readonly alertId: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly hit: RuleHit;
}

export interface AlertJoined {
  readonly alertId: string;
  readonly ruleId: string;
  readonly hit: RuleHit;
}

export interface Grouping {
  readonly opened: readonly AlertOpened[];
  readonly joined: readonly AlertJoined[];
  /** The customer's open alerts by rule after this decision. */
  readonly open: Readonly<Record<string, OpenAlert>>;
}

/** Whether a hit raises an alert: REVIEW, HOLD and BLOCK do; ALLOW only adds to the score. */
export const alerts = (hit: RuleHit) => ACTIONS.indexOf(hit.action) >= ACTIONS.indexOf('REVIEW');

export function groupAlerts(
  decision: Decision,
  open: Readonly<Record<string, OpenAlert>>,
  rules: ReadonlyMap<string, Pick<Rule, 'groupMinutes'>>,
  newId: () => string,
): Grouping {
  const at = Date.parse(decision.at);
  const next: Record<string, OpenAlert> = { ...open };
  const opened: AlertOpened[] = [];
  const joined: AlertJoined[] = [];
  for (const hit of decision.hits) {
    if (!alerts(hit)) continue;
    const groupMinutes = rules.get(hit.ruleId)?.groupMinutes ?? 24 * 60;
    const current = next[hit.ruleId];
    // A late event joins an alert opened after it, as long as it falls within the period.
    if (current && Math.abs(at - current.lastAt) <= groupMinutes * MINUTE) {
      joined.push({ alertId: current.alertId, ruleId: hit.ruleId, hit });
      next[hit.ruleId] = { alertId: current.alertId, lastAt: Math.max(current.lastAt, at) };
      continue;
    }
    const alertId = newId();
    opened.push({ alertId, ruleId: hit.ruleId, severity: hit.severity, hit });
    next[hit.ruleId] = { alertId, lastAt: at };
  }
  return { opened, joined, open: next };
}

/** What a notification to risk staff says: ids, rule, severity, reasons; never PII. */
export interface AlertNotice {
  readonly alertId: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly customerId: string;
  readonly reasons: readonly string[];
  readonly openedAt: string;
}

/** Where opened alerts go (an SNS topic that risk staff subscribe to). */
export interface AlertNotifier {
  notify(alerts: readonly AlertNotice[]): Promise<void>;
}

/** How well a rule's alerts turned out, from the dispositions staff gave. */
export interface RulePrecision {
  readonly ruleId: string;
  readonly open: number;
  readonly closed: number;
  readonly confirmedRisk: number;
  readonly valuable: number;
  readonly falsePositive: number;
  /** (confirmed + valuable) / closed; undefined while nothing is closed. */
  readonly precision?: number;
  /** false positives / closed. */
  readonly falsePositiveRate?: number;
}

/** Precision and false-positive rate per rule (rules in id order). */
export function precisionByRule(
  alerts: readonly { ruleId: string; status: string; disposition?: Disposition | undefined }[],
): RulePrecision[] {
  const by = new Map<string, { open: number; c: number; v: number; f: number }>();
  for (const a of alerts) {
    const r = by.get(a.ruleId) ?? { open: 0, c: 0, v: 0, f: 0 };
    if (a.status !== 'CLOSED') r.open++;
    else if (a.disposition === 'CONFIRMED_RISK') r.c++;
    else if (a.disposition === 'VALUABLE_ALERT') r.v++;
    else if (a.disposition === 'FALSE_POSITIVE') r.f++;
    by.set(a.ruleId, r);
  }
  return [...by]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([ruleId, r]) => {
      const closed = r.c + r.v + r.f;
      return {
        ruleId,
        open: r.open,
        closed,
        confirmedRisk: r.c,
        valuable: r.v,
        falsePositive: r.f,
        ...(closed ? { precision: (r.c + r.v) / closed, falsePositiveRate: r.f / closed } : {}),
      };
    });
}
