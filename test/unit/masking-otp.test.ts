import { describe, expect, it } from 'vitest';
import { maskBankCard, maskIdNumber, maskName, maskPhone } from '../../shared/kernel/masking';
import { checkOtp, hashOtp, issueOtp } from '../../shared/identity/domain/otp';

describe('masking (M6.2-a, M7.1-b)', () => {
  it('M7.1-b shows only the first character of a name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜')).toBe('欧**');
  });
  it('M7.1-b masks phone, ID number and card as specified', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskBankCard('6205500000000000004')).toBe('***************0004');
  });
});

describe('SMS codes (M2.1-a)', () => {
  const policy = { ttlSeconds: 300, maxAttempts: 5, length: 6 };
  const t0 = 1_800_000_000_000;

  it('M2.1-a issues a 6-digit code stored only as a salted hash', () => {
    const otp = issueOtp(policy, t0);
    expect(otp.code).toMatch(/^\d{6}$/);
    expect(otp.hash).not.toContain(otp.code);
    expect(otp.hash).toBe(hashOtp(otp.code, otp.salt));
    expect(otp.expiresAt).toBe(t0 + 300_000);
    expect(issueOtp(policy, t0).salt).not.toBe(otp.salt);
  });

  it('M2.1-a matches the right code before expiry and not at or after it', () => {
    const otp = issueOtp(policy, t0);
    const state = { ...otp, attempts: 0 };
    expect(checkOtp(state, otp.code, policy, t0 + 299_999)).toEqual({ result: 'MATCH' });
    expect(checkOtp(state, otp.code, policy, t0 + 300_000)).toEqual({ result: 'EXPIRED' });
  });

  it('M2.1-a counts wrong codes and locks on the fifth', () => {
    const otp = issueOtp(policy, t0);
    const wrong = otp.code === '000000' ? '000001' : '000000';
    expect(checkOtp({ ...otp, attempts: 0 }, wrong, policy, t0)).toEqual({
      result: 'WRONG',
      attempts: 1,
      remaining: 4,
      locksNow: false,
    });
    expect(checkOtp({ ...otp, attempts: 4 }, wrong, policy, t0)).toEqual({
      result: 'WRONG',
      attempts: 5,
      remaining: 0,
      locksNow: true,
    });
    // Once locked, even the right code is refused.
    expect(checkOtp({ ...otp, attempts: 5 }, otp.code, policy, t0)).toEqual({ result: 'LOCKED' });
  });
});
