// Calendar dates (YYYY-MM-DD) as the platform keys its days: arithmetic on the date alone,
// whatever the time zone the date was taken in. Pure.

/** A calendar date `days` later (or earlier, if negative). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Every calendar date from `from` to `to`, both included, in order (none if `to` is before). */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

const CST_OFFSET_MS = 8 * 3600_000;

/** The calendar date in China Standard Time, YYYY-MM-DD. */
export function cstDate(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** When a CST calendar date begins, in epoch milliseconds. */
export const cstDayStart = (date: string): number => Date.parse(`${date}T00:00:00+08:00`);
