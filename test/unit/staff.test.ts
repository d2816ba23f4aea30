// Staff identities' pure rules (issue 12): temporary passwords, what an admin's change
// does, the authenticator URI, and the TOTP codes the local stage signs in with.
import { describe, expect, it } from 'vitest';
import { otpauthUri, staffChange, STAFF_USERNAME, temporaryPassword } from '../../shared/identity';
import { base32Decode, totp } from '../../infra/local/totp';
import { TokenBucket } from '../../infra/local/gateway';

describe('staff accounts (M2.5-a)', () => {
  it('M2.5-a makes temporary passwords of the asked length with every character class, unpredictably', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = temporaryPassword(16, random);
      expect(p).toHaveLength(16);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[0-9]/);
      expect(p).toMatch(/[!@#$%^&*\-_=+?]/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });

  it('M2.5-a M7.1-a writes a change as the groups added and removed and the status, nothing when nothing changes', () => {
    expect(
      staffChange(
        { groups: ['risk-officer', 'service-agent'], enabled: true },
        { groups: ['service-agent', 'admin'], enabled: false },
      ),
    ).toEqual({
      add: ['admin'],
      remove: ['risk-officer'],
      enabled: false,
      lines: ['group:+admin', 'group:-risk-officer', 'status:DISABLED'],
    });
    expect(
      staffChange({ groups: ['admin'], enabled: true }, { groups: ['admin'], enabled: true }).lines,
    ).toEqual([]);
  });

  it('M2.5-a takes usernames of lower-case letters, digits, dots, dashes and underscores only', () => {
    for (const ok of ['staff.admin', 'alice.wang', 'a_b-c9'])
      expect(STAFF_USERNAME.test(ok)).toBe(true);
    for (const bad of ['Admin', 'ab', '1abc', 'a b c', 'a/b/c', 'x'.repeat(65)])
      expect(STAFF_USERNAME.test(bad)).toBe(false);
  });

  it('M2.5-a gives the authenticator an otpauth URI with the secret and issuer', () => {
    expect(otpauthUri('Finplat', 'alice.wang', 'ABCDEF')).toBe(
      'otpauth://totp/Finplat%3Aalice.wang?secret=ABCDEF&issuer=Finplat&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('computes RFC 6238 codes (the RFC SHA-1 test vectors, 6 digits)', () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890"
    expect(base32Decode(secret).toString()).toBe('12345678901234567890');
    expect(totp(secret, 59_000)).toBe('287082');
    expect(totp(secret, 1_111_111_109_000)).toBe('081804');
    expect(totp(secret, 1_234_567_890_000)).toBe('005924');
    expect(totp(secret, 2_000_000_000_000)).toBe('279037');
  });
});

describe('the local gateway throttles a route as API Gateway does (issue 12 abuse controls)', () => {
  it('M6.1-a lets a burst through, refuses the next, and refills at the rate', () => {
    const b = new TokenBucket(2, 4, 0);
    expect([1, 2, 3, 4, 5].map(() => b.take(0))).toEqual([true, true, true, true, false]);
    expect(b.take(400)).toBe(false); // 0.8 of a token
    expect(b.take(500)).toBe(true); // one token after half a second at 2/s
    expect(b.take(10_000)).toBe(true);
    expect([1, 2, 3, 4].map(() => b.take(10_000))).toEqual([true, true, true, false]); // capped at the burst
  });
});
