// Settlement cycles (M2.3-b): T+0 below a threshold amount, T+1 above it, T+2 where a
// channel says so; business days come from a calendar with weekends and configured
// holidays, in China Standard Time. And the settlement statuses a movement passes
// through (M2.3-c).

import { mayProceed } from './screening';
import { addDays } from '../../kernel';

export type Cycle = 0 | 1 | 2;
export type SettlementStatus = 'PENDING' | 'SETTLING' | 'SETTLED' | 'FAILED' | 'RETRIED';

export interface SettlementPolicy {
  /** Movements up to this amount (fen) settle T+0; larger ones T+1. */
  readonly t0MaxAmount: number;
  /** Channels (e.g. a product type) that always settle T+2. */
  readonly t2Channels: readonly string[];
  /** Public holidays, YYYY-MM-DD (China Standard Time). */
  readonly holidays: readonly string[];
  /** Weekend days worked in lieu of holidays (调休), YYYY-MM-DD. */
  readonly workingWeekends: readonly string[];
}

// The platform's business day is China Standard Time's (the kernel's dates).
import { cstDate } from '../../kernel';
export { cstDate, cstDayStart } from '../../kernel';

/** How often the release job runs (its EventBridge schedule). */
export const RELEASE_EVERY_MINUTES = 15;

/**
 * Whether the release job, run every `periodMs`, sends a row again now, `ageMs` after the
 * row became due (or was last changed): at its first run only where nobody else sent it
 * (`firstIsOurs`: a delayed movement whose settlement day has come; the ledger stream sends
 * the others), then at runs 1, 2, 4, 8, ... periods later. A row left behind is tried again
 * less and less often, and a backlog is never fed the whole backlog every run (which made
 * the queues grow without bound under load: docs/risk-monitoring.md, "Checked under load").
 */
export function resendNow(ageMs: number, periodMs: number, firstIsOurs: boolean): boolean {
  if (!Number.isFinite(ageMs)) return true; // a row that does not say when: as before
  if (ageMs < 0) return false;
  const n = Math.floor(ageMs / periodMs);
  return n === 0 ? firstIsOurs : (n & (n - 1)) === 0;
}

export function isBusinessDay(date: string, policy: SettlementPolicy): boolean {
  if (policy.workingWeekends.includes(date)) return true;
  if (policy.holidays.includes(date)) return false;
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** The n-th business day after `date` (n >= 1). */
export function addBusinessDays(date: string, n: number, policy: SettlementPolicy): string {
  let d = date;
  let left = n;
  for (let guard = 0; left > 0; guard++) {
    if (guard > 366) throw new Error('no business day within a year: check the holiday calendar');
    d = addDays(d, 1);
    if (isBusinessDay(d, policy)) left -= 1;
  }
  return d;
}

export function cycleOf(amount: number, policy: SettlementPolicy, channel?: string): Cycle {
  if (channel && policy.t2Channels.includes(channel)) return 2;
  return amount <= policy.t0MaxAmount ? 0 : 1;
}

/** The date a movement confirmed at `at` settles: T+0 the same day (7x24), else business days. */
export function settlementDate(at: Date, cycle: Cycle, policy: SettlementPolicy): string {
  const today = cstDate(at);
  return cycle === 0 ? today : addBusinessDays(today, cycle, policy);
}

/**
 * The settlement message a ledger change calls for (ADR 0009, ADR 0010, ADR 0012): a
 * movement that has just become PENDING on a T+0 cycle settles at once (a withdrawal,
 * transfer or order once risk screening has cleared or released it), and its message carries the
 * movement as it became PENDING, so the settler need not read it again; T+1 and T+2 wait
 * for the release schedule, and any other change needs none. `image` is the item as the
 * stream gives it.
 */
export function settlementMessageOf(
  image: Record<string, unknown>,
): { movementId: string; movement: Record<string, unknown> } | undefined {
  if (typeof image.pk !== 'string' || !image.pk.startsWith('MOVE#')) return undefined;
  if (image.status !== 'PENDING' || image.cycle !== 0) return undefined;
  if (!mayProceed(image)) return undefined;
  if (typeof image.movementId !== 'string') return undefined;
  const { pk: _pk, sk: _sk, ...movement } = image;
  return { movementId: image.movementId, movement };
}
