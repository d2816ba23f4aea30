// The risk team's view of alerts (M4.1-a): a range of days, newest first, filtered by
// status, severity and rule, in pages with an opaque cursor.
import { isReplayedBody, NotFoundError, Refusal, replayedBody } from '../../platform';
import type { AlertRecord, RiskRepo } from '../adapters/risk-repo';
import { precisionByRule, type RulePrecision } from '../domain/alerts';
import { PLATFORM_SUBJECT } from '../domain/kri';
import type { AlertsQuery } from '../schemas';
import { addDays } from '../../kernel';
import { dayRange } from './day-range';

/** The widest range one listing covers. */
export const MAX_ALERT_DAYS = 31;

const badCursor = () =>
  new Refusal('VALIDATION_FAILED', 'The cursor is not valid for this query.', [
    { path: 'query.cursor', reason: 'is not a cursor this listing gave' },
  ]);

interface Cursor {
  readonly day: string;
  readonly after: string;
}
const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decode(raw: string, from: string, to: string): Cursor {
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const { day, after } = (c ?? {}) as Partial<Cursor>;
  if (typeof day !== 'string' || typeof after !== 'string' || day < from || day > to)
    throw badCursor();
  return { day, after };
}

/** The days asked for: the last week by default, at most MAX_ALERT_DAYS. */
const rangeOf = (q: { from?: string | undefined; to?: string | undefined }, today: string) =>
  dayRange(q, { today, defaultDays: 7, maxDays: MAX_ALERT_DAYS, where: 'query' });

export async function listAlerts(
  query: AlertsQuery,
  deps: { repo: RiskRepo; today: string },
): Promise<{ from: string; to: string; items: AlertRecord[]; nextCursor?: string }> {
  const { from, to } = rangeOf(query, deps.today);
  const keep = (a: AlertRecord) =>
    (!query.status || a.status === query.status) &&
    (!query.severity || a.severity === query.severity) &&
    (!query.ruleId || a.ruleId === query.ruleId);
  const start = query.cursor ? decode(query.cursor, from, to) : undefined;
  const items: AlertRecord[] = [];
  let day = start?.day ?? to;
  let after = start?.after;
  while (day >= from) {
    const page = await deps.repo.alertsOn(day, query.limit, after);
    for (const a of page.items) {
      if (!keep(a)) continue;
      items.push(a);
      if (items.length === query.limit) {
        const more = a !== page.items.at(-1) || page.last !== undefined || day > from;
        return {
          from,
          to,
          items,
          ...(more ? { nextCursor: encode({ day, after: a.alertId }) } : {}),
        };
      }
    }
    if (page.last) {
      after = page.last;
      continue;
    }
    day = addDays(day, -1);
    after = undefined;
  }
  return { from, to, items };
}

export async function alertById(alertId: string, repo: RiskRepo): Promise<AlertRecord> {
  const alert = await repo.alert(alertId);
  if (!alert) throw new NotFoundError('ALERT_NOT_FOUND', 'No such alert.');
  return alert;
}

/** Every alert of a range of days (at most MAX_ALERT_DAYS), for the precision report. */
export async function rulePrecision(
  range: { from?: string | undefined; to?: string | undefined },
  deps: { repo: RiskRepo; today: string },
): Promise<{ from: string; to: string; rules: RulePrecision[] }> {
  const { from, to, days } = rangeOf(range, deps.today);
  const alerts: AlertRecord[] = [];
  for (const day of [...days].reverse()) {
    let after: string | undefined;
    do {
      const page = await deps.repo.alertsOn(day, 100, after);
      alerts.push(...page.items);
      after = page.last;
    } while (after);
  }
  return { from, to, rules: precisionByRule(alerts) };
}

/** The masked name and phone of customers (the identity module's; staff never see more). */
export interface MaskedNames {
  maskedOf(
    customerIds: readonly string[],
  ): Promise<Map<string, { readonly name: string; readonly phone: string }>>;
}

/**
 * Alerts and holds as staff see them: each with its customer masked (`张* 138****1234`),
 * read in one BatchGetItem for the page.
 */
export async function withCustomers<T extends { readonly customerId: string }>(
  items: readonly T[],
  names: MaskedNames,
): Promise<(T & { customer: string })[]> {
  const masked = items.length ? await names.maskedOf(items.map((i) => i.customerId)) : new Map();
  return items.map((i) => {
    const m = masked.get(i.customerId);
    const shown = {
      ...i,
      customer: m
        ? `${m.name} ${m.phone}`
        : // A key risk indicator's alert concerns the platform, not a customer.
          i.customerId === PLATFORM_SUBJECT
          ? 'the platform (key risk indicators)'
          : 'unknown customer',
    };
    // A stored answer given again stays one (the edge says Idempotency-Replayed).
    return isReplayedBody(i) ? replayedBody(shown) : shown;
  });
}
