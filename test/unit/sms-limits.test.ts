// The SMS spend limit (issue 12, abuse controls): which counters one SMS takes, keyed by the
// phone's blind index and the China Standard Time hour and day, with their limits and
// lifetimes. The counting against DynamoDB: test/integration/sms-spend-limit.test.ts.
import { describe, expect, it } from 'vitest';
import { refusalOutcome, smsQuotaSlots } from '../../shared/identity/domain/sms-limits';

const limits = { dailyLimit: 500, perPhoneHourlyLimit: 5 };
const index = 'Qm9ndXNJbmRleE9mQVBob25lTnVtYmVyMTIzNDU2Nzg';

describe('SMS spend limit (issue 12 abuse controls; M2.1-a, M6.3-a)', () => {
  it("M6.3-a takes the phone's hourly counter first, then the day's, each with its limit", () => {
    // Prepare: 2026-11-29 15:30 UTC is 23:30 CST, the last hour of the CST day (each counter
    // is kept a day after its period ends).
    const at = new Date('2026-11-29T15:30:00Z');
    // Act
    const [phone, day, ...rest] = smsQuotaSlots(index, at, limits);
    // Assess
    expect(rest).toEqual([]);
    expect(phone).toEqual({
      scope: 'PHONE',
      key: { pk: `QUOTA#SMS#PHONE#${index}`, sk: '2026-11-29T23' },
      limit: 5,
      expiresAt: Date.parse('2026-11-30T16:00:00Z') / 1000,
    });
    expect(day).toEqual({
      scope: 'DAILY',
      key: { pk: 'QUOTA#SMS#DAY#2026-11-29', sk: 'COUNT' },
      limit: 500,
      expiresAt: Date.parse('2026-11-30T16:00:00Z') / 1000,
    });
  });

  it('M6.3-a counts by the China Standard Time day and hour: 16:00 UTC starts a new day', () => {
    const before = smsQuotaSlots(index, new Date('2026-11-29T15:59:59.999Z'), limits);
    const after = smsQuotaSlots(index, new Date('2026-11-29T16:00:00Z'), limits);
    expect(before.map((s) => s.key.sk)).toEqual(['2026-11-29T23', 'COUNT']);
    expect(before[1]?.key.pk).toBe('QUOTA#SMS#DAY#2026-11-29');
    expect(after.map((s) => s.key.sk)).toEqual(['2026-11-30T00', 'COUNT']);
    expect(after[1]?.key.pk).toBe('QUOTA#SMS#DAY#2026-11-30');
    // Within one hour, one phone counter; the next hour, another.
    const a = smsQuotaSlots(index, new Date('2026-11-30T01:00:00Z'), limits)[0]?.key;
    const b = smsQuotaSlots(index, new Date('2026-11-30T01:59:59Z'), limits)[0]?.key;
    const c = smsQuotaSlots(index, new Date('2026-11-30T02:00:00Z'), limits)[0]?.key;
    expect(a).toEqual(b);
    expect(c?.sk).toBe('2026-11-30T10');
  });

  it('M6.2-a keys a phone by its blind index only: anything else (a raw number) is refused', () => {
    expect(() => smsQuotaSlots('13812341234', new Date(), limits)).toThrow(
      'not a phone blind index',
    );
    expect(() => smsQuotaSlots(`${index}#x`, new Date(), limits)).toThrow();
    const keys = JSON.stringify(smsQuotaSlots(index, new Date(), limits));
    expect(keys).not.toMatch(/1[3-9]\d{9}/);
  });

  it('M6.3-a names the limit a refused send met', () => {
    expect(refusalOutcome('PHONE')).toBe('PHONE_LIMIT');
    expect(refusalOutcome('DAILY')).toBe('DAILY_LIMIT');
  });
});
