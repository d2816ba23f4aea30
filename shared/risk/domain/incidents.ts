// Incidents (M4.4-a, M6.4-a; issue 12 emergency response; docs/incidents.md): an alarm
// notification opens one (or joins the one its alarm already has open); staff acknowledge,
// mitigate, resolve and close it, each step on its timeline with who and when; closing
// needs a post-mortem. Severity follows the documented classification of the alarm's
// runbook; response and resolution times are measured against the targets per severity.
// Pure.

export const INCIDENT_SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

export const INCIDENT_STATUSES = [
  'OPEN',
  'ACKNOWLEDGED',
  'MITIGATED',
  'RESOLVED',
  'CLOSED',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/**
 * The classification (docs/incidents.md): the severity of an incident an alarm opens, by
 * the alarm's runbook. SEV1: money may be wrong or customers' funds are at risk; SEV2:
 * customers cannot transact, or an attack is likely under way; SEV3: degraded, customers
 * mostly unaffected; SEV4: no customer impact.
 */
export const SEVERITY_BY_RUNBOOK: Readonly<Record<string, IncidentSeverity>> = {
  'reconciliation-breaks': 'SEV1',
  'dlq-depth': 'SEV2',
  'api-5xx': 'SEV2',
  'failed-sign-in-surge': 'SEV2',
  'risk-alert-surge': 'SEV2',
  'dynamodb-throttles': 'SEV2',
  'kms-throttles': 'SEV2',
  'sms-spend-limit': 'SEV2',
  'function-errors': 'SEV3',
  'api-latency': 'SEV3',
  'lambda-throttles': 'SEV3',
  'queue-backlog': 'SEV3',
};

/** An alarm with no known runbook still opens an incident, at this severity. */
export const UNCLASSIFIED: IncidentSeverity = 'SEV3';

export interface Targets {
  readonly acknowledgeMinutes: number;
  readonly resolveMinutes: number;
}

/** Response and resolution targets (the manual's reference: resolution within 24 hours). */
export const DEFAULT_TARGETS: Readonly<Record<IncidentSeverity, Targets>> = {
  SEV1: { acknowledgeMinutes: 15, resolveMinutes: 4 * 60 },
  SEV2: { acknowledgeMinutes: 30, resolveMinutes: 8 * 60 },
  SEV3: { acknowledgeMinutes: 4 * 60, resolveMinutes: 24 * 60 },
  SEV4: { acknowledgeMinutes: 24 * 60, resolveMinutes: 72 * 60 },
};

/** The runbook an alarm's description names (`Runbook: docs/runbooks/<name>.md`). */
export function runbookOf(description: string | undefined): string | undefined {
  return /Runbook:\s*docs\/runbooks\/([a-z0-9-]+)\.md/.exec(description ?? '')?.[1];
}

export function classify(runbook: string | undefined): IncidentSeverity {
  return (runbook && SEVERITY_BY_RUNBOOK[runbook]) || UNCLASSIFIED;
}

/** A CloudWatch alarm's notification, as SNS delivers it. */
export interface AlarmNotice {
  readonly alarmName: string;
  readonly description?: string | undefined;
  readonly state: string;
  readonly reason: string;
  readonly at: string;
}

export interface IncidentTimelineEntry {
  readonly at: string;
  readonly by: string;
  readonly kind: string;
  readonly note?: string;
}

export interface PostMortem {
  readonly cause: string;
  readonly impact: string;
  readonly actions: readonly { action: string; owner: string; due: string }[];
}

export interface Incident {
  readonly incidentId: string;
  readonly title: string;
  readonly severity: IncidentSeverity;
  readonly status: IncidentStatus;
  readonly openedAt: string;
  readonly openedBy: string;
  readonly alarm?: { readonly name: string; readonly reason: string };
  readonly runbook?: string;
  readonly affectedCustomers: readonly string[];
  readonly acknowledgedAt?: string;
  readonly mitigatedAt?: string;
  readonly resolvedAt?: string;
  readonly closedAt?: string;
  readonly postMortem?: PostMortem;
  readonly timeline: readonly IncidentTimelineEntry[];
  readonly version: number;
}

/** Who opens an incident from an alarm (the timeline's author). */
export const ALARM_ACTOR = 'cloudwatch';

export function openFromAlarm(notice: AlarmNotice, incidentId: string): Incident {
  const runbook = runbookOf(notice.description);
  return {
    incidentId,
    title: notice.description?.split('. Runbook:')[0] || notice.alarmName,
    severity: classify(runbook),
    status: 'OPEN',
    openedAt: notice.at,
    openedBy: ALARM_ACTOR,
    alarm: { name: notice.alarmName, reason: notice.reason },
    ...(runbook ? { runbook } : {}),
    affectedCustomers: [],
    timeline: [{ at: notice.at, by: ALARM_ACTOR, kind: 'ALARM', note: notice.reason }],
    version: 1,
  };
}

export function openByStaff(
  input: { title: string; severity: IncidentSeverity; runbook?: string | undefined; note?: string },
  by: string,
  at: string,
  incidentId: string,
): Incident {
  return {
    incidentId,
    title: input.title,
    severity: input.severity,
    status: 'OPEN',
    openedAt: at,
    openedBy: by,
    ...(input.runbook ? { runbook: input.runbook } : {}),
    affectedCustomers: [],
    timeline: [{ at, by, kind: 'OPENED', ...(input.note ? { note: input.note } : {}) }],
    version: 1,
  };
}

/** The alarm fired again (or cleared) while its incident is open: a timeline entry. */
export function alarmAgain(incident: Incident, notice: AlarmNotice): Incident {
  return {
    ...incident,
    timeline: [
      ...incident.timeline,
      { at: notice.at, by: ALARM_ACTOR, kind: notice.state, note: notice.reason },
    ],
    version: incident.version + 1,
  };
}

export type IncidentAction =
  | { readonly action: 'ACKNOWLEDGE'; readonly note?: string | undefined }
  | { readonly action: 'MITIGATE'; readonly note: string }
  | { readonly action: 'RESOLVE'; readonly note: string }
  | { readonly action: 'CLOSE'; readonly postMortem: PostMortem }
  | { readonly action: 'COMMENT'; readonly note: string }
  | { readonly action: 'SET_SEVERITY'; readonly severity: IncidentSeverity; readonly note: string }
  | { readonly action: 'ADD_CUSTOMERS'; readonly customerIds: readonly string[] };

export class IncidentActionRefused extends Error {
  override readonly name = 'IncidentActionRefused';
}

/** Where each status change may come from (forward only). */
const FROM: Record<'ACKNOWLEDGE' | 'MITIGATE' | 'RESOLVE' | 'CLOSE', readonly IncidentStatus[]> = {
  ACKNOWLEDGE: ['OPEN'],
  MITIGATE: ['OPEN', 'ACKNOWLEDGED'],
  RESOLVE: ['OPEN', 'ACKNOWLEDGED', 'MITIGATED'],
  CLOSE: ['RESOLVED'],
};

const TO = {
  ACKNOWLEDGE: 'ACKNOWLEDGED',
  MITIGATE: 'MITIGATED',
  RESOLVE: 'RESOLVED',
  CLOSE: 'CLOSED',
} as const;

export function applyIncidentAction(
  incident: Incident,
  act: IncidentAction,
  by: string,
  at: string,
): Incident {
  if (incident.status === 'CLOSED') throw new IncidentActionRefused('The incident is closed.');
  const entry = (kind: string, note?: string): IncidentTimelineEntry => ({
    at,
    by,
    kind,
    ...(note ? { note } : {}),
  });
  const next = (changes: Partial<Incident>, e: IncidentTimelineEntry): Incident => ({
    ...incident,
    ...changes,
    timeline: [...incident.timeline, e],
    version: incident.version + 1,
  });
  switch (act.action) {
    case 'COMMENT':
      return next({}, entry('COMMENT', act.note));
    case 'SET_SEVERITY':
      return next(
        { severity: act.severity },
        entry('SEVERITY', `${incident.severity} -> ${act.severity}: ${act.note}`),
      );
    case 'ADD_CUSTOMERS': {
      const all = [...new Set([...incident.affectedCustomers, ...act.customerIds])];
      return next(
        { affectedCustomers: all },
        entry('CUSTOMERS', `${act.customerIds.length} added`),
      );
    }
    case 'CLOSE':
      if (!FROM.CLOSE.includes(incident.status))
        throw new IncidentActionRefused('Only a resolved incident can be closed.');
      if (!act.postMortem.actions.length)
        throw new IncidentActionRefused('A post-mortem names at least one action with its owner.');
      return next(
        { status: 'CLOSED', closedAt: at, postMortem: act.postMortem },
        entry('CLOSED', act.postMortem.cause),
      );
    default: {
      if (!FROM[act.action].includes(incident.status))
        throw new IncidentActionRefused(
          `An incident that is ${incident.status} cannot be ${TO[act.action].toLowerCase()}.`,
        );
      const stamp = {
        ACKNOWLEDGE: { acknowledgedAt: at },
        MITIGATE: { mitigatedAt: at },
        RESOLVE: { resolvedAt: at },
      }[act.action];
      // Any step of the response acknowledges the incident, if no one had.
      return next(
        { status: TO[act.action], acknowledgedAt: incident.acknowledgedAt ?? at, ...stamp },
        entry(TO[act.action], act.note),
      );
    }
  }
}

export interface TargetCheck {
  readonly minutes: number | null;
  readonly targetMinutes: number;
  /** null while still running and within the target. */
  readonly met: boolean | null;
}

/** Time to acknowledge and to resolve, against the severity's targets (`now` for running clocks). */
export function againstTargets(
  incident: Incident,
  targets: Readonly<Record<IncidentSeverity, Targets>>,
  now: Date,
): { acknowledge: TargetCheck; resolve: TargetCheck } {
  const t = targets[incident.severity];
  const opened = Date.parse(incident.openedAt);
  const check = (doneAt: string | undefined, target: number): TargetCheck => {
    if (doneAt) {
      const minutes = Math.round((Date.parse(doneAt) - opened) / 60_000);
      return { minutes, targetMinutes: target, met: minutes <= target };
    }
    const running = (now.getTime() - opened) / 60_000;
    return { minutes: null, targetMinutes: target, met: running > target ? false : null };
  };
  return {
    acknowledge: check(incident.acknowledgedAt, t.acknowledgeMinutes),
    resolve: check(incident.resolvedAt, t.resolveMinutes),
  };
}
