import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  cstDate,
  cycleOf,
  isBusinessDay,
  settlementDate,
  type SettlementPolicy,
} from '../../shared/money/domain/settlement';

const policy: SettlementPolicy = {
  t0MaxAmount: 5_000_000,
  t2Channels: ['STRUCTURED'],
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  workingWeekends: ['2026-10-10'],
};

describe('settlement cycles (M2.3-b)', () => {
  it('M2.3-b settles T+0 up to the threshold, T+1 above it, and T+2 for a T+2 channel', () => {
    expect(cycleOf(5_000_000, policy)).toBe(0);
    expect(cycleOf(5_000_001, policy)).toBe(1);
    expect(cycleOf(100, policy, 'STRUCTURED')).toBe(2);
  });

  it('M2.3-b counts business days in China Standard Time', () => {
    // 2026-11-27 is a Friday; 17:00 UTC Friday is already Saturday 01:00 in Beijing.
    expect(cstDate(new Date('2026-11-27T15:59:59Z'))).toBe('2026-11-27');
    expect(cstDate(new Date('2026-11-27T16:00:00Z'))).toBe('2026-11-28');
  });

  it('M2.3-b rolls T+1 over a weekend and T+2 over weekend days', () => {
    const friday = new Date('2026-11-27T02:00:00Z');
    expect(settlementDate(friday, 1, policy)).toBe('2026-11-30'); // Monday
    expect(settlementDate(friday, 2, policy)).toBe('2026-12-01'); // Tuesday
    expect(settlementDate(new Date('2026-11-28T02:00:00Z'), 1, policy)).toBe('2026-11-30'); // Saturday -> Monday
    expect(settlementDate(friday, 0, policy)).toBe('2026-11-27'); // T+0 is 7x24
  });

  it('M2.3-b skips configured holidays and works the make-up weekend', () => {
    expect(isBusinessDay('2026-10-01', policy)).toBe(false);
    expect(isBusinessDay('2026-10-10', policy)).toBe(true); // a Saturday worked in lieu
    expect(addBusinessDays('2026-09-30', 1, policy)).toBe('2026-10-08');
    expect(addBusinessDays('2026-10-09', 1, policy)).toBe('2026-10-10');
  });
});
