// SMS one-time codes (M2.1-a): generated with a CSPRNG, stored only as a salted hash,
// checked in constant time, with expiry and a lock after too many wrong codes.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export interface OtpPolicy {
  readonly ttlSeconds: number;
  readonly maxAttempts: number;
  readonly length: number;
}

export interface IssuedOtp {
  readonly code: string;
  readonly hash: string;
  readonly salt: string;
  readonly expiresAt: number; // epoch ms
}

export function hashOtp(code: string, salt: string): string {
  return createHash('sha256').update(`${salt}:${code}`).digest('base64url');
}

export function issueOtp(policy: OtpPolicy, now: number): IssuedOtp {
  const code = String(randomInt(0, 10 ** policy.length)).padStart(policy.length, '0');
  const salt = randomBytes(16).toString('base64url');
  return { code, salt, hash: hashOtp(code, salt), expiresAt: now + policy.ttlSeconds * 1000 };
}

export interface OtpState {
  readonly hash: string;
  readonly salt: string;
  readonly expiresAt: number;
  /** Wrong codes so far. */
  readonly attempts: number;
}

export type OtpOutcome =
  | { readonly result: 'MATCH' }
  | { readonly result: 'LOCKED' }
  | { readonly result: 'EXPIRED' }
  | {
      readonly result: 'WRONG';
      readonly attempts: number;
      readonly remaining: number;
      readonly locksNow: boolean;
    };

/** Decides what one submitted code means; the caller persists `attempts`. */
export function checkOtp(
  state: OtpState,
  code: string,
  policy: OtpPolicy,
  now: number,
): OtpOutcome {
  if (state.attempts >= policy.maxAttempts) return { result: 'LOCKED' };
  if (now >= state.expiresAt) return { result: 'EXPIRED' };
  const expected = Buffer.from(state.hash);
  const actual = Buffer.from(hashOtp(code, state.salt));
  if (expected.length === actual.length && timingSafeEqual(expected, actual)) {
    return { result: 'MATCH' };
  }
  const attempts = state.attempts + 1;
  return {
    result: 'WRONG',
    attempts,
    remaining: Math.max(0, policy.maxAttempts - attempts),
    locksNow: attempts >= policy.maxAttempts,
  };
}
