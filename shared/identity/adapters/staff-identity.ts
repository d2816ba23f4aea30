// The staff user pool (issue 12): sign-in with a password and then always a TOTP code
// (first sign-in: a new password, then enrolment of an authenticator), and the
// administrator's operations on accounts. Only the audited staff flow holds the rights
// these need (functions/catalog.ts, `staffPool`).
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
  AssociateSoftwareTokenCommand,
  cognito,
  DependencyError,
  RespondToAuthChallengeCommand,
  VerifySoftwareTokenCommand,
} from '../../platform';
import { isStaffChallenge, type SignInStep } from '../domain/staff';
import {
  CognitoSignIn,
  credentialError,
  InvalidCredentialsError,
  tokensOf,
  type Tokens,
} from './identity';

export class StaffExistsError extends Error {
  override readonly name = 'StaffExistsError';
}

export interface StaffAccount {
  readonly username: string;
  readonly enabled: boolean;
  /** Cognito's status: FORCE_CHANGE_PASSWORD until the first sign-in, then CONFIRMED. */
  readonly status: string;
  readonly groups: readonly string[];
}

type ChallengeOut = {
  ChallengeName?: string | undefined;
  Session?: string | undefined;
  AuthenticationResult?: Parameters<typeof tokensOf>[0];
};

export class StaffIdentity extends CognitoSignIn {
  constructor(
    private readonly poolId: string,
    clientId?: string,
  ) {
    super(clientId);
  }

  /** A Cognito answer as the next step: a challenge, or tokens after a second factor. */
  private step(out: ChallengeOut, afterCode: boolean): SignInStep<Tokens> {
    if (out.ChallengeName) {
      if (!isStaffChallenge(out.ChallengeName) || !out.Session)
        throw new InvalidCredentialsError(`unexpected challenge ${out.ChallengeName}`);
      return { status: 'CHALLENGE', challenge: out.ChallengeName, session: out.Session };
    }
    const tokens = tokensOf(out.AuthenticationResult);
    // The pool requires MFA: tokens that came without a code are never handed out.
    if (!tokens || !afterCode) throw new InvalidCredentialsError('sign-in without a second factor');
    return { status: 'SIGNED_IN', ...tokens };
  }

  /** The emulator answers an unknown sign-in session with ResourceNotFound (Cognito: NotAuthorized). */
  private async challengeCall<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException')
        throw new InvalidCredentialsError('sign-in session not valid', { cause: error });
      throw credentialError(error, 'Cognito sign-in challenge failed');
    }
  }

  private respond(
    challenge: 'NEW_PASSWORD_REQUIRED' | 'MFA_SETUP' | 'SOFTWARE_TOKEN_MFA',
    session: string,
    responses: Record<string, string>,
  ) {
    if (!this.clientId) throw new Error('staff sign-in needs the staff app client id');
    const clientId = this.clientId;
    return this.challengeCall(() =>
      cognito().send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: challenge,
          Session: session,
          ChallengeResponses: responses,
        }),
      ),
    );
  }

  async signIn(username: string, password: string): Promise<SignInStep<Tokens>> {
    const out = await this.initiateAuth('USER_PASSWORD_AUTH', {
      USERNAME: username,
      PASSWORD: password,
    });
    return this.step(out, false);
  }

  /** The first sign-in's new password (the temporary one works once). */
  async newPassword(
    username: string,
    session: string,
    password: string,
  ): Promise<SignInStep<Tokens>> {
    const out = await this.respond('NEW_PASSWORD_REQUIRED', session, {
      USERNAME: username,
      NEW_PASSWORD: password,
    });
    return this.step(out, false);
  }

  /** A new authenticator secret for the sign-in session (TOTP enrolment). */
  async enrol(session: string): Promise<{ secretCode: string; session: string }> {
    const out = await this.challengeCall(() =>
      cognito().send(new AssociateSoftwareTokenCommand({ Session: session })),
    );
    if (!out.SecretCode) throw new DependencyError('Cognito gave no authenticator secret');
    return { secretCode: out.SecretCode, session: out.Session ?? session };
  }

  /** The first code from the enrolled authenticator: proves it, then finishes the sign-in. */
  async confirmEnrolment(
    username: string,
    session: string,
    code: string,
  ): Promise<SignInStep<Tokens>> {
    const verified = await this.challengeCall(() =>
      cognito().send(
        new VerifySoftwareTokenCommand({
          Session: session,
          UserCode: code,
          FriendlyDeviceName: 'authenticator',
        }),
      ),
    );
    if (verified.Status !== 'SUCCESS' || !verified.Session)
      throw new InvalidCredentialsError('authenticator code refused');
    const out = await this.respond('MFA_SETUP', verified.Session, { USERNAME: username });
    return this.step(out, true);
  }

  /** The authenticator's current code, the second factor of every later sign-in. */
  async answerCode(username: string, session: string, code: string): Promise<SignInStep<Tokens>> {
    const out = await this.respond('SOFTWARE_TOKEN_MFA', session, {
      USERNAME: username,
      SOFTWARE_TOKEN_MFA_CODE: code,
    });
    return this.step(out, true);
  }

  // --- administration (the audited staff flow only) ---

  async account(username: string): Promise<StaffAccount | undefined> {
    try {
      const user = await cognito().send(
        new AdminGetUserCommand({ UserPoolId: this.poolId, Username: username }),
      );
      const groups = await cognito().send(
        new AdminListGroupsForUserCommand({ UserPoolId: this.poolId, Username: username }),
      );
      return {
        username: user.Username ?? username,
        enabled: user.Enabled !== false,
        status: user.UserStatus ?? 'UNKNOWN',
        groups: (groups.Groups ?? []).flatMap((g) => (g.GroupName ? [g.GroupName] : [])),
      };
    } catch (error) {
      if ((error as Error).name === 'UserNotFoundException') return undefined;
      throw new DependencyError('Cognito staff lookup failed', { cause: error });
    }
  }

  /** A new account with a temporary password (no message sent: the administrator hands it over). */
  async create(username: string, email: string, temporaryPassword: string): Promise<void> {
    try {
      await cognito().send(
        new AdminCreateUserCommand({
          UserPoolId: this.poolId,
          Username: username,
          TemporaryPassword: temporaryPassword,
          MessageAction: 'SUPPRESS',
          UserAttributes: [{ Name: 'email', Value: email }],
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'UsernameExistsException')
        throw new StaffExistsError(username, { cause: error });
      throw new DependencyError('Cognito staff creation failed', { cause: error });
    }
  }

  async changeGroups(
    username: string,
    add: readonly string[],
    remove: readonly string[],
  ): Promise<void> {
    const membership = (group: string) => ({
      UserPoolId: this.poolId,
      Username: username,
      GroupName: group,
    });
    try {
      for (const group of remove)
        await cognito().send(new AdminRemoveUserFromGroupCommand(membership(group)));
      for (const group of add)
        await cognito().send(new AdminAddUserToGroupCommand(membership(group)));
    } catch (error) {
      throw new DependencyError('Cognito staff group change failed', { cause: error });
    }
  }

  /** Ends every session the account holds (its refresh tokens stop working). */
  async revokeSessions(username: string): Promise<void> {
    try {
      await cognito().send(
        new AdminUserGlobalSignOutCommand({ UserPoolId: this.poolId, Username: username }),
      );
    } catch (error) {
      throw new DependencyError('Cognito staff sign-out failed', { cause: error });
    }
  }

  /** Enables or disables the account; disabling also revokes every session it holds. */
  async setEnabled(username: string, enabled: boolean): Promise<void> {
    const c = cognito();
    const key = { UserPoolId: this.poolId, Username: username };
    try {
      if (enabled) await c.send(new AdminEnableUserCommand(key));
      else {
        await c.send(new AdminDisableUserCommand(key));
        await c.send(new AdminUserGlobalSignOutCommand(key));
      }
    } catch (error) {
      throw new DependencyError('Cognito staff status change failed', { cause: error });
    }
  }
}
