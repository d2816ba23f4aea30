// Staff sign-in and administration (issue 12). Sign-in: a password, then always a TOTP
// code; the first sign-in replaces the temporary password and enrols an authenticator.
// Administration: only an administrator creates staff accounts, changes their groups or
// disables them, never their own; every change is written to the audit trail (hash-chained,
// append-only; ADR 0016) before it is made, so no change goes unrecorded.
import { randomInt } from 'node:crypto';
import type { StaffGroup } from '../../kernel';
import { ConflictError, NotFoundError, Refusal, ValidationError } from '../../platform';
import type { AuditLog } from '../adapters/audit';
import { PasswordRejectedError, type Tokens } from '../adapters/identity';
import {
  StaffExistsError,
  type StaffAccount,
  type StaffIdentity,
} from '../adapters/staff-identity';
import { otpauthUri, staffChange, temporaryPassword, type SignInStep } from '../domain/staff';

/** The issuer an authenticator app shows next to the code. */
const ISSUER = 'Finplat';

type Directory = Pick<
  StaffIdentity,
  | 'signIn'
  | 'newPassword'
  | 'enrol'
  | 'confirmEnrolment'
  | 'answerCode'
  | 'account'
  | 'create'
  | 'changeGroups'
  | 'setEnabled'
  | 'revokeSessions'
>;

/** A new password the pool refused: 400 naming the field, as registration answers. */
async function passwordChecked<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PasswordRejectedError)
      throw new ValidationError([
        { path: 'body.newPassword', reason: 'does not meet the staff password policy' },
      ]);
    throw error;
  }
}

export type StaffChallengeAnswer =
  | { readonly challenge: 'NEW_PASSWORD_REQUIRED'; readonly newPassword: string }
  | { readonly challenge: 'MFA_SETUP'; readonly code: string }
  | { readonly challenge: 'SOFTWARE_TOKEN_MFA'; readonly code: string };

/** The next step after a challenge's answer. */
export function answerStaffChallenge(
  input: { readonly username: string; readonly session: string } & StaffChallengeAnswer,
  directory: Directory,
): Promise<SignInStep<Tokens>> {
  switch (input.challenge) {
    case 'NEW_PASSWORD_REQUIRED':
      return passwordChecked(() =>
        directory.newPassword(input.username, input.session, input.newPassword),
      );
    case 'MFA_SETUP':
      return directory.confirmEnrolment(input.username, input.session, input.code);
    case 'SOFTWARE_TOKEN_MFA':
      return directory.answerCode(input.username, input.session, input.code);
  }
}

/** A secret for the staff member's authenticator, with the URI its QR code carries. */
export async function enrolAuthenticator(
  input: { readonly username: string; readonly session: string },
  directory: Directory,
): Promise<{ secretCode: string; otpauthUri: string; session: string }> {
  const { secretCode, session } = await directory.enrol(input.session);
  return { secretCode, session, otpauthUri: otpauthUri(ISSUER, input.username, secretCode) };
}

export interface StaffAdminDeps {
  readonly directory: Directory;
  readonly audit: Pick<AuditLog, 'staffAdministered'>;
  readonly passwordMinLength: number;
  /** A uniform integer below n (crypto's randomInt by default). */
  readonly random?: (n: number) => number;
}

export interface StaffView {
  readonly username: string;
  readonly enabled: boolean;
  readonly status: string;
  readonly groups: readonly string[];
}

const view = (a: StaffAccount): StaffView => ({
  username: a.username,
  enabled: a.enabled,
  status: a.status,
  groups: [...a.groups].sort(),
});

export async function getStaff(username: string, deps: StaffAdminDeps): Promise<StaffView> {
  const account = await deps.directory.account(username);
  if (!account) throw new NotFoundError('STAFF_NOT_FOUND', 'No such staff member.');
  return view(account);
}

const notSelf = (admin: string, username: string) => {
  if (admin === username)
    throw new Refusal(
      'SELF_ADMINISTRATION',
      'Administrators may not create or change their own account.',
    );
};

/**
 * A new staff account in `groups`, with a one-time temporary password the administrator
 * hands over (it expires in a day; the first sign-in replaces it and enrols an authenticator).
 */
export async function createStaff(
  admin: string,
  input: {
    readonly username: string;
    readonly email: string;
    readonly groups: readonly StaffGroup[];
    readonly reason: string;
  },
  deps: StaffAdminDeps,
): Promise<StaffView & { temporaryPassword: string }> {
  notSelf(admin, input.username);
  if (await deps.directory.account(input.username))
    throw new ConflictError('STAFF_EXISTS', 'A staff member with this username exists.');
  const change = staffChange({ groups: [], enabled: true }, { groups: input.groups });
  await deps.audit.staffAdministered({
    username: input.username,
    actor: admin,
    changes: ['created', ...change.lines],
    reason: input.reason,
  });
  const password = temporaryPassword(
    Math.max(deps.passwordMinLength, 16),
    deps.random ?? ((n) => randomInt(n)),
  );
  try {
    await deps.directory.create(input.username, input.email, password);
  } catch (error) {
    if (error instanceof StaffExistsError)
      throw new ConflictError('STAFF_EXISTS', 'A staff member with this username exists.');
    throw error;
  }
  await deps.directory.changeGroups(input.username, change.add, []);
  return {
    ...(await getStaff(input.username, deps)),
    temporaryPassword: password,
  };
}

/**
 * Brings a staff account to `groups` (and `enabled`, where given). Removing a group or
 * disabling the account also ends every session it holds (its refresh tokens).
 */
export async function updateStaff(
  admin: string,
  username: string,
  input: {
    readonly groups: readonly StaffGroup[];
    readonly enabled?: boolean;
    readonly reason: string;
  },
  deps: StaffAdminDeps,
): Promise<StaffView> {
  notSelf(admin, username);
  const current = await deps.directory.account(username);
  if (!current) throw new NotFoundError('STAFF_NOT_FOUND', 'No such staff member.');
  const change = staffChange(current, input);
  if (!change.lines.length) return view(current);
  await deps.audit.staffAdministered({
    username,
    actor: admin,
    changes: change.lines,
    reason: input.reason,
  });
  await deps.directory.changeGroups(username, change.add, change.remove);
  if (change.enabled !== undefined) await deps.directory.setEnabled(username, change.enabled);
  // Sessions end so no refresh brings back a removed group (ID tokens last 15 minutes).
  else if (change.remove.length) await deps.directory.revokeSessions(username);
  return getStaff(username, deps);
}
