// The shared value types (shared/kernel): masks at their length boundaries, phone
// normalisation, money checks, the clock and the group name, each pinned exactly.
import { describe, expect, it } from 'vitest';
import { Refusal } from '../../shared/platform';
import { dayRange } from '../../shared/risk/flows/day-range';
import {
  addDays,
  checkPhone,
  datesBetween,
  CUSTOMER_GROUP,
  formatFen,
  isFen,
  maskBankCard,
  maskIdNumber,
  maskName,
  maskPhone,
  normalizePhone,
  systemClock,
} from '../../shared/kernel';

describe('masks at their length boundaries (M6.2-a, M7.1-b)', () => {
  it('M7.1-b masks a name after its first character, trimmed; an empty name stays empty', () => {
    expect(maskName('  张三  ')).toBe('张*');
    expect(maskName('A')).toBe('A*');
    expect(maskName('   ')).toBe('');
  });

  it('M7.1-b shows a phone as its first 3 and last 4 digits, and masks a short one whole', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('12345678')).toBe('123*5678');
    expect(maskPhone('1234567')).toBe('*******');
    expect(maskPhone('123456')).toBe('******');
  });

  it('M7.1-b shows an ID number as its first 4 and last 4, and masks 8 or fewer whole', () => {
    expect(maskIdNumber('123456789')).toBe('1234*6789');
    expect(maskIdNumber('12345678')).toBe('********');
  });

  it('M7.1-b shows a card as its last 4, and masks 4 or fewer whole', () => {
    expect(maskBankCard('12345')).toBe('*2345');
    expect(maskBankCard('1234')).toBe('****');
  });
});

describe('phone numbers (M2.1-a)', () => {
  it('M2.1-a takes a mobile bare or with +86, 0086 or 86, spaces and hyphens removed', () => {
    for (const raw of [
      '13812341234',
      '+8613812341234',
      '+86 138-1234-1234',
      '008613812341234',
      '8613812341234',
    ])
      expect(normalizePhone(raw)).toBe('13812341234');
    // A country code is taken only before a whole mobile number, and only at the start.
    expect(normalizePhone('+86138123412345')).toBe('+86138123412345');
    expect(normalizePhone('18613812341234')).toBe('18613812341234');
  });

  it('M2.1-a refuses anything but a mainland mobile number, saying what it must be', () => {
    expect(checkPhone('+86 13812341234')).toBeUndefined();
    const reason = 'must be a mainland China mobile number (11 digits starting 13-19)';
    expect(checkPhone('12812341234')).toBe(reason);
    expect(checkPhone('1381234123')).toBe(reason);
    expect(checkPhone('01012345678')).toBe(reason);
  });
});

describe('money and the rest of the kernel', () => {
  it('takes only safe integers as fen', () => {
    expect(isFen(100)).toBe(true);
    expect(isFen(-100)).toBe(true);
    expect(isFen('100')).toBe(false);
    expect(isFen(1.5)).toBe(false);
    expect(isFen(2 ** 53)).toBe(false);
  });

  it('formats zero without a sign', () => {
    expect(formatFen(0)).toBe('0.00');
    expect(formatFen(-1)).toBe('-0.01');
  });

  it('reads the system clock', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeInstanceOf(Date);
    expect(now.getTime()).toBeGreaterThanOrEqual(before);
    expect(now.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("names the customers' Cognito group as the Auth stack creates it", () => {
    expect(CUSTOMER_GROUP).toBe('customers');
  });
});

describe('calendar dates and day ranges', () => {
  it('adds days across month, year and leap-day boundaries, and lists a range in order', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(datesBetween('2026-12-30', '2027-01-02')).toEqual([
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
    expect(datesBetween('2026-01-02', '2026-01-01')).toEqual([]);
  });

  it('M4.1-a a range of days staff ask about defaults to the last days to today and refuses one too long or backwards', () => {
    expect(
      dayRange({}, { today: '2026-11-29', defaultDays: 7, maxDays: 31, where: 'query' }),
    ).toEqual({
      from: '2026-11-23',
      to: '2026-11-29',
      days: datesBetween('2026-11-23', '2026-11-29'),
    });
    // Exactly the most allowed is allowed; one more day is not.
    expect(
      dayRange({ from: '2026-11-01', to: '2026-11-07' }, { maxDays: 7, where: 'body' }).days,
    ).toHaveLength(7);
    for (const range of [
      { from: '2026-11-01', to: '2026-11-08' },
      { from: '2026-11-02', to: '2026-11-01' },
    ]) {
      const refused = (() => {
        try {
          dayRange(range, { maxDays: 7, where: 'body' });
        } catch (error) {
          return error;
        }
      })() as Refusal;
      expect(refused).toBeInstanceOf(Refusal);
      expect(refused.fields).toEqual([
        { path: 'body.from', reason: 'must be on or before to, at most 7 days' },
      ]);
    }
  });
});
