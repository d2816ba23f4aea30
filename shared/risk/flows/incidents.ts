// Incidents (ADR 0019): opened by alarm notifications (the alarm topic's subscriber) or by
// staff, worked through to closing with a post-mortem. Each staff step names the version it
// read (409 CONCURRENT_CHANGE when someone else changed it first).
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel';
import { ConflictError, logger, NotFoundError, Refusal } from '../../platform';
import { IncidentChangedError, type IncidentsRepo } from '../adapters/incidents-repo';
import {
  againstTargets,
  alarmAgain,
  applyIncidentAction,
  DEFAULT_TARGETS,
  IncidentActionRefused,
  openByStaff,
  openFromAlarm,
  type AlarmNotice,
  type Incident,
  type IncidentAction,
  type IncidentSeverity,
} from '../domain/incidents';

export interface IncidentDeps {
  readonly incidents: IncidentsRepo;
  readonly clock: Clock;
}

/** An incident id that sorts by opening time. */
const newIncidentId = (at: string) =>
  `INC-${at.slice(0, 10).replaceAll('-', '')}-${randomUUID().slice(0, 8)}`;

/**
 * An alarm notification: ALARM opens an incident (or notes it on the one the alarm has
 * open), OK notes the clearing. Safe to receive twice (SNS delivers at least once).
 */
export async function onAlarm(
  notice: AlarmNotice,
  deps: IncidentDeps,
): Promise<{ incidentId?: string; opened: boolean }> {
  const open = await deps.incidents.openFor(notice.alarmName);
  if (!open) {
    if (notice.state !== 'ALARM') return { opened: false };
    const incident = openFromAlarm(notice, newIncidentId(notice.at));
    const made = await deps.incidents.create(incident);
    if (made.created) {
      logger.warn('incident opened', {
        incidentId: incident.incidentId,
        severity: incident.severity,
        alarm: notice.alarmName,
      });
      return { incidentId: made.incidentId, opened: true };
    }
    return { incidentId: made.incidentId, opened: false };
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await deps.incidents.get(open);
    if (!current) return { opened: false };
    // The same notification delivered again is already on the timeline.
    if (current.timeline.some((e) => e.at === notice.at && e.kind === notice.state))
      return { incidentId: open, opened: false };
    try {
      await deps.incidents.save(alarmAgain(current, notice));
      return { incidentId: open, opened: false };
    } catch (error) {
      if (!(error instanceof IncidentChangedError)) throw error;
    }
  }
  throw new Error(`incident ${open} kept changing`);
}

export interface IncidentView extends Incident {
  readonly targets: ReturnType<typeof againstTargets>;
}

const viewOf = (i: Incident, now: Date): IncidentView => ({
  ...i,
  targets: againstTargets(i, DEFAULT_TARGETS, now),
});

export async function getIncident(id: string, deps: IncidentDeps): Promise<IncidentView> {
  const incident = await deps.incidents.get(id);
  if (!incident) throw new NotFoundError('INCIDENT_NOT_FOUND', 'No such incident.');
  return viewOf(incident, deps.clock.now());
}

export async function openIncident(
  staff: string,
  input: { title: string; severity: IncidentSeverity; runbook?: string; note?: string },
  deps: IncidentDeps,
): Promise<IncidentView> {
  const at = deps.clock.now().toISOString();
  const incident = openByStaff(input, staff, at, newIncidentId(at));
  await deps.incidents.create(incident);
  return viewOf(incident, deps.clock.now());
}

export async function actOnIncident(
  staff: string,
  id: string,
  input: IncidentAction & { version: number },
  deps: IncidentDeps,
): Promise<IncidentView> {
  const current = await deps.incidents.get(id);
  if (!current) throw new NotFoundError('INCIDENT_NOT_FOUND', 'No such incident.');
  if (current.version !== input.version)
    throw new ConflictError(
      'CONCURRENT_CHANGE',
      `The incident is at version ${current.version}; read it again.`,
    );
  let next: Incident;
  try {
    next = applyIncidentAction(current, input, staff, deps.clock.now().toISOString());
  } catch (error) {
    if (error instanceof IncidentActionRefused) throw new Refusal('INCIDENT_STATE', error.message);
    throw error;
  }
  try {
    await deps.incidents.save(next);
  } catch (error) {
    if (error instanceof IncidentChangedError)
      throw new ConflictError(
        'CONCURRENT_CHANGE',
        'The incident changed meanwhile; read it again.',
      );
    throw error;
  }
  return viewOf(next, deps.clock.now());
}

export function listIncidents(
  query: { status?: string | undefined; limit: number },
  deps: IncidentDeps,
) {
  return deps.incidents.list(query);
}
