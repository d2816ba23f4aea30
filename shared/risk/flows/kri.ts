// Key risk indicators (M3.3-a, M3.4-a; docs/operational-risk.md): score a period from the
// platform's own records and staff inputs, keep it with its breakdown and trend, and raise a
// monitoring alert once per period and threshold reached (the risk team's alerts and topic,
// M4.1-a: no second alert system); staff enter the values no record holds, with who and why
// (audited first, like kill switches).
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../kernel';
import {
  commitChange,
  once,
  staffRequest,
  type IdempotentRequest,
  type LedgerRepo,
} from '../../money';
import { ForbiddenError, NotFoundError, Refusal } from '../../platform';
import type { KriInputRecord, KriRaised, KriRepo, KriScoreRecord } from '../adapters/kri-repo';
import { newAlertId, systemAlert } from '../adapters/risk-repo';
import type { AlertNotice, AlertNotifier } from '../domain/alerts';
import {
  breachContributions,
  breachesOf,
  indicatorById,
  indicatorsOf,
  isPeriodKey,
  kriRuleId,
  periodBounds,
  periodKeyOf,
  PLATFORM_SUBJECT,
  previousPeriodKey,
  RATE_SOURCES,
  scopeScores,
  scoreKri,
  SYSTEM_FAILURE_RUNBOOKS,
  trendOf,
  type KriConfig,
  type KriPeriod,
  type KriValue,
  type PlatformSource,
} from '../domain/kri';

const DAY_MS = 86_400_000;
/** How far back open incidents are looked for (a year of summary rows). */
const INCIDENT_LOOKBACK_DAYS = 366;

export interface KriDeps {
  readonly repo: KriRepo;
  readonly config: KriConfig;
  readonly clock: Clock;
  readonly notifier: AlertNotifier;
}

/** The audit trail's part the staff inputs need (the identity module's AuditLog). */
export interface KriAudit {
  kriInputEntered(entry: {
    indicatorId: string;
    period: string;
    key: string;
    value: number;
    actor: string;
    reason: string;
  }): Promise<void>;
}

export interface KriInputDeps {
  readonly repo: KriRepo;
  readonly tx: LedgerRepo;
  readonly config: KriConfig;
  readonly clock: Clock;
  readonly audit: KriAudit;
}

/** A scored period as staff read it: the stored score and the alerts it raised. */
export type KriPeriodView = KriScoreRecord & {
  readonly alerts: readonly Omit<KriRaised, 'notified'>[];
};

function badPeriod(where: string, kind: KriPeriod, key: string): Refusal {
  return new Refusal('VALIDATION_FAILED', `${key} is not a ${kind} period.`, [
    {
      path: where,
      reason: `is not a ${kind} key (DAY 2026-11-29, WEEK 2026-W48, MONTH 2026-11)`,
    },
  ]);
}

function checkPeriod(kind: KriPeriod, key: string, now: Date, where: string) {
  if (!isPeriodKey(kind, key)) throw badPeriod(where, kind, key);
  const bounds = periodBounds(kind, key);
  if (Date.parse(bounds.start) > now.getTime())
    throw new Refusal('KRI_PERIOD_IN_FUTURE', `The ${kind} ${key} has not started yet.`, [
      { path: where, reason: 'is a period that has not started' },
    ]);
  return bounds;
}

const ageHours = (from: string, to: string) =>
  Math.round(((Date.parse(to) - Date.parse(from)) / 3_600_000) * 100) / 100;
const perDay = (n: number, days: number) => Math.round((n / days) * 100) / 100;

/** The platform's figures a configuration needs, for the period up to `asOf`. */
async function platformFigures(
  config: KriConfig,
  bounds: { start: string; end: string; days: string[] },
  asOf: string,
  repo: KriRepo,
): Promise<Partial<Record<PlatformSource, KriValue>>> {
  const wanted = new Set(indicatorsOf(config).map((i) => i.indicator.source));
  const days = bounds.days.filter((d) => d <= asOf.slice(0, 10));
  const elapsed = Math.max(1, Math.ceil((Date.parse(asOf) - Date.parse(bounds.start)) / DAY_MS));
  const out: Partial<Record<PlatformSource, KriValue>> = {};
  const rate = (source: PlatformSource, n: number, what: string) => {
    out[source] = {
      status: 'PLATFORM',
      value: perDay(n, elapsed),
      detail: `${n} ${what} over ${elapsed} day${elapsed === 1 ? '' : 's'}`,
    };
  };
  const jobs: Promise<void>[] = [];
  if (wanted.has('failedSignIns'))
    jobs.push(
      repo
        .failedSignIns(bounds.start, asOf, days)
        .then((n) => rate('failedSignIns', n, 'failed sign-ins in the risk events')),
    );
  if (
    wanted.has('systemFailureIncidents') ||
    wanted.has('reconciliationBreakIncidents') ||
    wanted.has('openIncidents')
  ) {
    const since = new Date(Date.parse(asOf) - INCIDENT_LOOKBACK_DAYS * DAY_MS).toISOString();
    jobs.push(
      repo.incidents(since < bounds.start ? since : bounds.start, asOf).then((incidents) => {
        const inPeriod = incidents.filter((i) => i.openedAt >= bounds.start);
        const failures = inPeriod.filter((i) =>
          (SYSTEM_FAILURE_RUNBOOKS as readonly string[]).includes(i.runbook ?? ''),
        );
        rate(
          'systemFailureIncidents',
          failures.length,
          'incidents opened by system-failure alarms',
        );
        const breaks = inPeriod.filter((i) => i.runbook === 'reconciliation-breaks');
        rate('reconciliationBreakIncidents', breaks.length, 'reconciliation-breaks incidents');
        const open = incidents.filter((i) => !i.resolvedAt || i.resolvedAt >= asOf);
        out.openIncidents = {
          status: 'PLATFORM',
          value: open.length,
          detail: `${open.length} incident${open.length === 1 ? '' : 's'} unresolved at ${asOf}`,
        };
      }),
    );
  }
  if (wanted.has('settlementRetries'))
    jobs.push(
      repo
        .counted('settlementRetries', days)
        .then((n) => rate('settlementRetries', n, 'settlement retries by staff')),
    );
  if (wanted.has('openAlerts') || wanted.has('oldestOpenAlertHours')) {
    const lookback = Array.from({ length: config.alertLookbackDays }, (_, i) =>
      new Date(Date.parse(asOf) - 1 - i * DAY_MS).toISOString().slice(0, 10),
    );
    jobs.push(
      repo.openAlertsAt(asOf, lookback).then(({ count, oldestOpenedAt }) => {
        const window = `opened in the last ${config.alertLookbackDays} days`;
        out.openAlerts = {
          status: 'PLATFORM',
          value: count,
          detail: `${count} monitoring alert${count === 1 ? '' : 's'} open at ${asOf} (${window})`,
        };
        out.oldestOpenAlertHours = {
          status: 'PLATFORM',
          value: oldestOpenedAt ? ageHours(oldestOpenedAt, asOf) : 0,
          detail: oldestOpenedAt
            ? `the oldest open alert was opened at ${oldestOpenedAt}`
            : 'no monitoring alert open',
        };
      }),
    );
  }
  await Promise.all(jobs);
  for (const s of RATE_SOURCES) if (!wanted.has(s)) delete out[s];
  return out;
}

/** Staff values: the period's own entry, or one carried forward within the configured days. */
async function staffFigures(
  config: KriConfig,
  kind: KriPeriod,
  key: string,
  start: string,
  repo: KriRepo,
): Promise<Record<string, KriValue>> {
  const staff = indicatorsOf(config).filter((i) => i.indicator.source === 'staff');
  const entries = await Promise.all(
    staff.map(async ({ indicator }) => {
      const input = await repo.inputAtOrBefore(indicator.id, kind, key);
      let value: KriValue;
      if (input && input.key === key)
        value = {
          status: 'STAFF',
          value: input.value,
          detail: `entered by ${input.by}: ${input.reason}`,
          input,
        };
      else if (
        input &&
        Date.parse(start) - Date.parse(periodBounds(kind, input.key).end) <=
          config.carryForwardDays * DAY_MS
      )
        value = {
          status: 'CARRIED',
          value: input.value,
          detail: `carried from ${kind} ${input.key}, entered by ${input.by}: ${input.reason}`,
          input,
        };
      else value = { status: 'MISSING', detail: 'no staff input for the period' };
      return [indicator.id, value] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** The periods scored among the `trendPeriods` just before `key`, newest first. */
async function earlierScores(kind: KriPeriod, key: string, deps: KriDeps) {
  const last = previousPeriodKey(kind, key);
  let first = last;
  for (let i = 1; i < deps.config.trendPeriods; i++) first = previousPeriodKey(kind, first);
  return deps.repo.scoresBetween(kind, first, last);
}

/**
 * Scores a period (up to now when it is under way), stores it with its trend, and raises
 * an alert for each scope's highest threshold reached, once per period and threshold.
 */
export async function computeKriPeriod(
  kind: KriPeriod,
  key: string,
  deps: KriDeps,
): Promise<KriPeriodView> {
  const now = deps.clock.now();
  const bounds = checkPeriod(kind, key, now, 'body.key');
  const asOf = bounds.end <= now.toISOString() ? bounds.end : now.toISOString();
  const [platform, staff, earlier] = await Promise.all([
    platformFigures(deps.config, bounds, asOf, deps.repo),
    staffFigures(deps.config, kind, key, bounds.start, deps.repo),
    earlierScores(kind, key, deps),
  ]);
  const values: Record<string, KriValue> = { ...staff };
  for (const { indicator } of indicatorsOf(deps.config))
    if (indicator.source !== 'staff') {
      const v = platform[indicator.source];
      if (v) values[indicator.id] = v;
    }
  const score = scoreKri(deps.config, values);
  const scopes = scopeScores(score);
  const record: KriScoreRecord = {
    period: kind,
    key,
    start: bounds.start,
    end: bounds.end,
    asOf,
    final: asOf === bounds.end,
    computedAt: now.toISOString(),
    ...score,
    trend: trendOf(
      deps.config,
      scopes,
      earlier.map((e) => ({ key: e.key, ...scopeScores(e) })),
    ),
  };
  await deps.repo.putScore(record);
  for (const breach of breachesOf(deps.config, scopes)) {
    const alertId = newAlertId(now, randomBytes(8).toString('hex'));
    const reason = `${breach.scope} risk score ${breach.score} for ${kind} ${key} reached ${breach.level} (${breach.threshold})`;
    const alert = systemAlert({
      alertId,
      ruleId: kriRuleId(breach.scope, breach.level),
      severity: breach.severity,
      customerId: PLATFORM_SUBJECT,
      reason,
      eventId: `KRI#${kind}#${key}`,
      at: now.toISOString(),
      firstAt: asOf,
      lastAt: asOf,
      contributions: breachContributions(score, breach.scope),
    });
    await deps.repo.raiseOnce(kind, key, breach, alert);
  }
  // Publish what is not yet published (this run's, or a run whose publish failed).
  const raised = await deps.repo.raised(kind, key);
  const pending = raised.filter((r) => !r.notified);
  if (pending.length) {
    await deps.notifier.notify(
      pending.map((r): AlertNotice => ({
        alertId: r.alertId,
        ruleId: kriRuleId(r.scope, r.level),
        severity: r.severity,
        customerId: PLATFORM_SUBJECT,
        reasons: [
          `${r.scope} risk score ${r.score} for ${kind} ${key} reached ${r.level} (${r.threshold})`,
        ],
        openedAt: r.raisedAt,
      })),
    );
    await Promise.all(pending.map((r) => deps.repo.markNotified(kind, key, r)));
  }
  return { ...record, alerts: raised.map(({ notified: _n, ...r }) => r) };
}

/** The scheduled run: the day, ISO week and month that contain yesterday (UTC). */
export async function scheduledKriRun(deps: KriDeps): Promise<KriPeriodView[]> {
  const yesterday = new Date(deps.clock.now().getTime() - DAY_MS);
  const out: KriPeriodView[] = [];
  for (const kind of ['DAY', 'WEEK', 'MONTH'] as const)
    out.push(await computeKriPeriod(kind, periodKeyOf(kind, yesterday), deps));
  return out;
}

export async function kriPeriod(
  kind: KriPeriod,
  key: string,
  deps: Pick<KriDeps, 'repo'>,
): Promise<KriPeriodView> {
  if (!isPeriodKey(kind, key)) throw badPeriod('path.key', kind, key);
  const [record, raised] = await Promise.all([
    deps.repo.score(kind, key),
    deps.repo.raised(kind, key),
  ]);
  if (!record)
    throw new NotFoundError(
      'KRI_NOT_COMPUTED',
      `The ${kind} ${key} has not been scored; POST /v1/ops/kri/runs to score it.`,
    );
  return { ...record, alerts: raised.map(({ notified: _n, ...r }) => r) };
}

/** A scored period in a listing: its scores, level, coverage and the overall trend. */
export interface KriPeriodSummary {
  readonly key: string;
  readonly level: string;
  readonly operational: number;
  readonly compliance: number;
  readonly overall: number;
  readonly coverage: number;
  readonly final: boolean;
  readonly computedAt: string;
  readonly direction: 'UP' | 'DOWN' | 'FLAT';
}

/** Scored periods of a kind in a range of keys (the last 31 days, 12 weeks, 12 months by default). */
export async function listKriPeriods(
  query: { period: KriPeriod; from?: string | undefined; to?: string | undefined },
  deps: Pick<KriDeps, 'repo' | 'clock'>,
): Promise<{ period: KriPeriod; from: string; to: string; items: KriPeriodSummary[] }> {
  const kind = query.period;
  const now = deps.clock.now();
  const to = query.to ?? periodKeyOf(kind, now);
  if (!isPeriodKey(kind, to)) throw badPeriod('query.to', kind, to);
  const back = { DAY: 30, WEEK: 11 * 7, MONTH: 0 }[kind];
  let from = query.from;
  if (from === undefined) {
    const start = new Date(Date.parse(periodBounds(kind, to).start) - back * DAY_MS);
    if (kind === 'MONTH') start.setUTCMonth(start.getUTCMonth() - 11);
    from = periodKeyOf(kind, start);
  }
  if (!isPeriodKey(kind, from)) throw badPeriod('query.from', kind, from);
  if (from > to)
    throw new Refusal('VALIDATION_FAILED', '`from` is after `to`.', [
      { path: 'query.from', reason: 'is after `to`' },
    ]);
  const scored = await deps.repo.scoresBetween(kind, from, to);
  return {
    period: kind,
    from,
    to,
    items: scored.map((r) => ({
      key: r.key,
      level: r.level,
      ...scopeScores(r),
      coverage: r.coverage,
      final: r.final,
      computedAt: r.computedAt,
      direction: r.trend.direction.overall,
    })),
  };
}

export interface KriInput {
  readonly indicatorId: string;
  readonly period: KriPeriod;
  readonly key: string;
  readonly value: number;
  readonly reason: string;
}

/**
 * A staff member enters an indicator's value for a period (one with no platform record),
 * with the reason: audited first, then kept with every earlier entry for that period. Only
 * the groups its category names may (risk officers operational, compliance officers
 * compliance, admins both).
 * The period's score takes it at its next run.
 */
export async function enterKriInput(
  principal: { readonly username: string; readonly groups: readonly string[] },
  req: Omit<IdempotentRequest, 'customerId' | 'body'> & { input: KriInput },
  deps: KriInputDeps,
): Promise<KriInputRecord> {
  const input = req.input;
  const staff = principal.username;
  const scoped = staffRequest(staff, req, { kriInput: input.indicatorId, ...input });
  return once(deps.tx, scoped, { table: deps.repo.table, checkFirst: true }, async (key) => {
    const found = indicatorById(deps.config, input.indicatorId);
    if (!found)
      throw new NotFoundError('KRI_INDICATOR_NOT_FOUND', `No indicator ${input.indicatorId}.`);
    if (found.indicator.source !== 'staff')
      throw new Refusal(
        'KRI_NOT_STAFF_INPUT',
        `${input.indicatorId} is read from the platform's records (${found.indicator.source}); staff do not enter it.`,
        [{ path: 'body.indicatorId', reason: 'is an indicator the platform measures' }],
      );
    const may = deps.config.categories[found.category].enteredBy;
    if (!may.some((g) => principal.groups.includes(g)))
      throw new ForbiddenError(`${found.category} values are entered by ${may.join(', ')}.`);
    const now = deps.clock.now();
    checkPeriod(input.period, input.key, now, 'body.key');
    const before = await deps.repo.input(input.indicatorId, input.period, input.key);
    const entry = { value: input.value, by: staff, at: now.toISOString(), reason: input.reason };
    const record: KriInputRecord = {
      indicatorId: input.indicatorId,
      period: input.period,
      key: input.key,
      ...entry,
      version: (before?.version ?? 0) + 1,
      history: [...(before?.history ?? []), entry],
    };
    await deps.audit.kriInputEntered({
      indicatorId: input.indicatorId,
      period: input.period,
      key: input.key,
      value: input.value,
      actor: staff,
      reason: input.reason,
    });
    const tx = deps.repo.putInput(key.answered(deps.tx.tx(), record), record);
    await commitChange(deps.tx, tx, ['alert'], 'The value was entered meanwhile; try again.');
    return record;
  });
}
