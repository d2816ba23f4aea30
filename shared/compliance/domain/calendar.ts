// Calendar dates of compliance work (review dates, due dates, deadlines) as YYYY-MM-DD in
// China Standard Time, the platform's business day. Pure.
import { cstDate } from '../../kernel';

const DAY_MS = 86_400_000;

/** Today's date in CST. */
export const businessDate = (now: Date): string => cstDate(now);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysFrom = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
