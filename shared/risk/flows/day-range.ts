// A range of days staff ask about (alerts, cases, replays, shadow reports): `to` defaults
// to today and `from` to a number of days before it; a range backwards or longer than the
// most allowed is refused naming the field, before anything is read.
import { addDays, datesBetween } from '../../kernel';
import { Refusal } from '../../platform';

export interface DayRange {
  readonly from: string;
  readonly to: string;
  /** Every day of the range, oldest first. */
  readonly days: readonly string[];
}

export function dayRange(
  q: { from?: string | undefined; to?: string | undefined },
  rule: { today?: string; defaultDays?: number; maxDays: number; where: 'body' | 'query' },
): DayRange {
  const to = q.to ?? rule.today ?? '';
  const from = q.from ?? addDays(to, 1 - (rule.defaultDays ?? 1));
  if (!(from <= to && to <= addDays(from, rule.maxDays - 1)))
    throw new Refusal('VALIDATION_FAILED', 'The range of days is not valid.', [
      {
        path: `${rule.where}.from`,
        reason: `must be on or before to, at most ${rule.maxDays} days`,
      },
    ]);
  return { from, to, days: datesBetween(from, to) };
}
