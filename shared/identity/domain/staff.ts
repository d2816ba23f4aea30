// Staff identities (issue 12: staff get their own pool, MFA required, and only an audited
// administrator's flow creates them or changes their groups). Pure rules: usernames, the
// steps of a sign-in, temporary passwords, and what an administrator's change does.
import { STAFF_GROUPS, type StaffGroup } from '../../kernel';

/** Lower-case letters, digits, dots, dashes and underscores; starts with a letter. */
export const STAFF_USERNAME = /^[a-z][a-z0-9._-]{2,63}$/;

/** The challenges of a staff sign-in: first password change, TOTP enrolment, TOTP code. */
export const STAFF_CHALLENGES = [
  'NEW_PASSWORD_REQUIRED',
  'MFA_SETUP',
  'SOFTWARE_TOKEN_MFA',
] as const;
export type StaffChallenge = (typeof STAFF_CHALLENGES)[number];

export const isStaffChallenge = (name: string | undefined): name is StaffChallenge =>
  (STAFF_CHALLENGES as readonly string[]).includes(name ?? '');

/** A sign-in is never complete without a second factor: tokens come only after a code. */
export type SignInStep<T> =
  | { readonly status: 'CHALLENGE'; readonly challenge: StaffChallenge; readonly session: string }
  | ({ readonly status: 'SIGNED_IN' } & T);

const CLASSES = [
  'ABCDEFGHJKLMNPQRSTUVWXYZ',
  'abcdefghijkmnopqrstuvwxyz',
  '23456789',
  '!@#$%^&*-_=+?',
] as const;

/**
 * A temporary password for a new staff account: `length` characters with every class the
 * pool's policy asks for, from `random(n)` (a uniform integer below n; crypto's randomInt).
 * It works once: the first sign-in must replace it, then enrol an authenticator.
 */
export function temporaryPassword(length: number, random: (n: number) => number): string {
  const all = CLASSES.join('');
  const chars = CLASSES.map((c) => c[random(c.length)] ?? 'x');
  while (chars.length < length) chars.push(all[random(all.length)] ?? 'x');
  // Fisher-Yates, so the classes' characters are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}

export interface StaffChange {
  readonly add: readonly StaffGroup[];
  readonly remove: readonly StaffGroup[];
  /** Set where the account's status changes. */
  readonly enabled?: boolean;
  /** The audit record's lines, in a fixed order. */
  readonly lines: readonly string[];
}

/** What bringing an account from `current` to `wanted` takes (nothing when they agree). */
export function staffChange(
  current: { readonly groups: readonly string[]; readonly enabled: boolean },
  wanted: { readonly groups: readonly StaffGroup[]; readonly enabled?: boolean },
): StaffChange {
  const have = new Set(current.groups);
  const want = new Set(wanted.groups);
  const add = STAFF_GROUPS.filter((g) => want.has(g) && !have.has(g));
  const remove = STAFF_GROUPS.filter((g) => have.has(g) && !want.has(g));
  const enabled =
    wanted.enabled !== undefined && wanted.enabled !== current.enabled ? wanted.enabled : undefined;
  return {
    add,
    remove,
    ...(enabled !== undefined ? { enabled } : {}),
    lines: [
      ...add.map((g) => `group:+${g}`),
      ...remove.map((g) => `group:-${g}`),
      ...(enabled !== undefined ? [`status:${enabled ? 'ENABLED' : 'DISABLED'}`] : []),
    ],
  };
}

/** The otpauth URI an authenticator app reads (as a QR code) to enrol the secret. */
export function otpauthUri(issuer: string, username: string, secret: string): string {
  const label = encodeURIComponent(`${issuer}:${username}`);
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}
