// The SMS spend limit (issue 12, abuse controls; M2.1-a, M6.3-a): the notifier sends at most
// `dailyLimit` SMS in a China Standard Time day across every phone, and `perPhoneHourlyLimit`
// to one phone in a CST hour (the phone known only by its blind index). Each send takes one
// unit from each counter, the phone's first: a flood aimed at one phone stops at its own
// counter without spending the day's budget that every other customer shares. Pure: which
// counters a send takes, their keys, limits and lifetimes; the adapter counts.

/** The stage's limits (`sms` in infra/config.ts, validated there and at cold start). */
export interface SmsLimits {
  /** SMS sent in a CST day across every phone: the spend limit. */
  readonly dailyLimit: number;
  /** SMS sent to one phone in a CST hour (SMS bombing of one number). */
  readonly perPhoneHourlyLimit: number;
}

/** Which limit a send was refused by. */
export type SmsLimitScope = 'PHONE' | 'DAILY';

/** One counter a send takes a unit from, if it is below its limit. */
export interface SmsQuotaSlot {
  readonly scope: SmsLimitScope;
  readonly key: { readonly pk: string; readonly sk: string };
  readonly limit: number;
  /** When the counter may be forgotten (epoch seconds: DynamoDB TTL). */
  readonly expiresAt: number;
}

const HOUR = 3_600_000;
const CST_OFFSET = 8 * HOUR;
/** Counters outlive their period by a day, so a late reader still sees the count. */
const KEEP_AFTER = 24 * HOUR;

/** The CST hour `at` falls in, as `YYYY-MM-DDTHH`, and the epoch ms when it ends. */
function cstHour(at: Date): { label: string; end: number } {
  const local = at.getTime() + CST_OFFSET;
  const start = Math.floor(local / HOUR) * HOUR;
  return { label: new Date(start).toISOString().slice(0, 13), end: start + HOUR - CST_OFFSET };
}

/** The CST day `at` falls in, as `YYYY-MM-DD`, and the epoch ms when it ends. */
function cstDay(at: Date): { label: string; end: number } {
  const day = 24 * HOUR;
  const local = at.getTime() + CST_OFFSET;
  const start = Math.floor(local / day) * day;
  return { label: new Date(start).toISOString().slice(0, 10), end: start + day - CST_OFFSET };
}

/**
 * The counters one SMS to the phone with blind index `phoneIndex` takes at `at`, in the order
 * they are taken: the phone's hour, then the day's. Keys name the phone by its blind index
 * only (a keyed HMAC), never the number.
 */
export function smsQuotaSlots(phoneIndex: string, at: Date, limits: SmsLimits): SmsQuotaSlot[] {
  if (!/^[\w-]{16,128}$/.test(phoneIndex)) throw new Error('not a phone blind index');
  const hour = cstHour(at);
  const day = cstDay(at);
  const ttl = (end: number) => Math.ceil((end + KEEP_AFTER) / 1000);
  return [
    {
      scope: 'PHONE',
      key: { pk: `QUOTA#SMS#PHONE#${phoneIndex}`, sk: hour.label },
      limit: limits.perPhoneHourlyLimit,
      expiresAt: ttl(hour.end),
    },
    {
      scope: 'DAILY',
      key: { pk: `QUOTA#SMS#DAY#${day.label}`, sk: 'COUNT' },
      limit: limits.dailyLimit,
      expiresAt: ttl(day.end),
    },
  ];
}

/** What the notifier did with a code: sent it, skipped it (nothing pending), or refused it. */
export type SmsOutcome = 'SENT' | 'SKIPPED' | 'PHONE_LIMIT' | 'DAILY_LIMIT';

export const refusalOutcome = (scope: SmsLimitScope): SmsOutcome =>
  scope === 'PHONE' ? 'PHONE_LIMIT' : 'DAILY_LIMIT';
