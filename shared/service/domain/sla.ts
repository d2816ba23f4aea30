// SLA clocks (M7.4-a: respond within 24 h, result within 48 h; docs/customer-service.md).
// Pure: time counted from a start, on the calendar or in business hours (business days from
// the settlement calendar's holidays and working weekends, China Standard Time), less the
// pauses while the platform waits for the customer. The pauses come from the complaint's
// recorded history, so a clock read after a restart or a correction counts the same.
import { addDays, cstDate, cstDayStart } from '../../kernel';
import { isBusinessDay, type SettlementPolicy } from '../../money';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** How far ahead a deadline is looked for: beyond this a clock is due "never" (a config error). */
const HORIZON_DAYS = 400;

export type SlaMode = 'CALENDAR' | 'BUSINESS';

/** How a clock counts time. */
export interface SlaCalendar {
  readonly mode: SlaMode;
  /** Business hours, minutes after CST midnight: [start, end). Ignored on the calendar. */
  readonly dayStartMinute: number;
  readonly dayEndMinute: number;
  /** The settlement calendar's business days (holidays, working weekends). */
  readonly days: Pick<SettlementPolicy, 'holidays' | 'workingWeekends'>;
}

/** A time the platform waited for the customer: [from, to), open while `to` is absent. */
export interface Pause {
  readonly from: number;
  readonly to?: number | undefined;
}

/** The windows of a CST day in which time counts (none on a non-business day in BUSINESS mode). */
function dayWindow(date: string, cal: SlaCalendar): [number, number] | undefined {
  const start = cstDayStart(date);
  if (cal.mode === 'CALENDAR') return [start, start + 24 * HOUR];
  if (!isBusinessDay(date, { ...cal.days, t0MaxAmount: 0, t2Channels: [] })) return undefined;
  return [start + cal.dayStartMinute * MINUTE, start + cal.dayEndMinute * MINUTE];
}

/** Pauses in order, overlapping ones merged (an open one swallows all after it). */
export function mergedPauses(pauses: readonly Pause[]): Pause[] {
  const sorted = [...pauses].sort((a, b) => a.from - b.from);
  const out: { from: number; to?: number | undefined }[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && (last.to === undefined || p.from <= last.to)) {
      if (last.to !== undefined) last.to = p.to === undefined ? undefined : Math.max(last.to, p.to);
      continue;
    }
    out.push({ from: p.from, to: p.to });
  }
  return out;
}

/**
 * The counted stretches of time from `from` on, in order: each day's window less the pauses.
 * Ends at an open pause (nothing counts until the customer answers) or at the horizon.
 */
function* counted(from: number, cal: SlaCalendar, pauses: readonly Pause[]) {
  const merged = mergedPauses(pauses);
  let date = cstDate(new Date(from));
  for (let i = 0; i < HORIZON_DAYS; i++, date = addDays(date, 1)) {
    const w = dayWindow(date, cal);
    if (!w) continue;
    let a = Math.max(w[0], from);
    const b = w[1];
    if (a >= b) continue;
    for (const p of merged) {
      if (p.to !== undefined && p.to <= a) continue;
      if (p.from >= b) break;
      if (p.from > a) yield [a, p.from] as const;
      if (p.to === undefined) return;
      a = Math.max(a, p.to);
      if (a >= b) break;
    }
    if (a < b) yield [a, b] as const;
  }
}

/** Milliseconds counted between `from` and `to`. */
export function countedMs(
  from: number,
  to: number,
  cal: SlaCalendar,
  pauses: readonly Pause[] = [],
): number {
  let total = 0;
  if (to <= from) return 0;
  for (const [a, b] of counted(from, cal, pauses)) {
    if (a >= to) break;
    total += Math.min(b, to) - a;
  }
  return total;
}

/**
 * When `budgetMs` of counted time from `from` runs out, given the pauses so far; undefined
 * while an open pause stops the clock before then (the deadline moves when it ends).
 */
export function deadlineOf(
  from: number,
  budgetMs: number,
  cal: SlaCalendar,
  pauses: readonly Pause[] = [],
): number | undefined {
  let left = budgetMs;
  if (left <= 0) return from;
  for (const [a, b] of counted(from, cal, pauses)) {
    if (b - a >= left) return a + left;
    left -= b - a;
  }
  return undefined;
}

export const SLA_CLOCKS = ['FIRST_RESPONSE', 'RESULT'] as const;
export type SlaClockName = (typeof SLA_CLOCKS)[number];

/**
 * Where a clock stands: RUNNING, PAUSED (waiting for the customer), MET (stopped within its
 * budget) or BREACHED (its budget spent, stopped or not).
 */
export type SlaStatus = 'RUNNING' | 'PAUSED' | 'MET' | 'BREACHED';

export interface SlaClock {
  readonly clock: SlaClockName;
  readonly budgetHours: number;
  readonly mode: SlaMode;
  readonly status: SlaStatus;
  readonly startedAt: string;
  readonly stoppedAt?: string;
  /** Counted minutes so far (to the stop, or to now). */
  readonly elapsedMinutes: number;
  /** Minutes not counted because the platform was waiting for the customer. */
  readonly pausedMinutes: number;
  /** Whether the clock is stopped now because the platform waits for the customer. */
  readonly paused: boolean;
  /** elapsed / budget, two decimals. */
  readonly share: number;
  /** When the budget runs out (absent while paused or once stopped). */
  readonly dueAt?: string;
  /** The configured share of the budget elapsed: a warning is due. */
  readonly warning: boolean;
}

/**
 * A clock from its start, its stop (if any), the pauses and the time now. The paused minutes
 * are those the pauses took out of what the calendar would have counted.
 */
export function clockOf(
  clock: SlaClockName,
  input: {
    readonly startedAt: number;
    readonly stoppedAt?: number | undefined;
    readonly pauses: readonly Pause[];
    readonly now: number;
    readonly budgetHours: number;
    readonly warnAtShare: number;
  },
  cal: SlaCalendar,
): SlaClock {
  const end = input.stoppedAt ?? input.now;
  // Pauses begun by the end (one begun at this very instant included: the clock is paused
  // from the request on); one still open at the stop ends there (nothing after counts).
  const pauses = input.pauses.filter((p) => p.from <= end);
  const elapsed = countedMs(input.startedAt, end, cal, pauses);
  const unpaused = countedMs(input.startedAt, end, cal, []);
  const budget = input.budgetHours * HOUR;
  const paused =
    input.stoppedAt === undefined &&
    pauses.some((p) => p.from <= input.now && (p.to === undefined || p.to > input.now));
  const share = Math.round((elapsed / budget) * 100) / 100;
  let status: SlaStatus;
  if (elapsed > budget) status = 'BREACHED';
  else if (input.stoppedAt !== undefined) status = 'MET';
  else status = paused ? 'PAUSED' : 'RUNNING';
  const due =
    input.stoppedAt === undefined && status !== 'BREACHED'
      ? deadlineOf(input.startedAt, budget, cal, pauses)
      : undefined;
  return {
    clock,
    budgetHours: input.budgetHours,
    mode: cal.mode,
    status,
    startedAt: new Date(input.startedAt).toISOString(),
    ...(input.stoppedAt !== undefined
      ? { stoppedAt: new Date(input.stoppedAt).toISOString() }
      : {}),
    elapsedMinutes: Math.floor(elapsed / MINUTE),
    pausedMinutes: Math.floor((unpaused - elapsed) / MINUTE),
    paused,
    share,
    ...(due !== undefined ? { dueAt: new Date(due).toISOString() } : {}),
    warning:
      input.stoppedAt === undefined &&
      status !== 'BREACHED' &&
      elapsed >= budget * input.warnAtShare,
  };
}
