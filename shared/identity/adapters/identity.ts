// Cognito: customer identities created disabled at registration and enabled at
// verification (no self sign-up, so nobody reaches the pool around the KYC checks),
// and password sign-in for customers and staff.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminSetUserPasswordCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
} from '../../platform';
import { cognito, DependencyError } from '../../platform';
import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';

export class InvalidCredentialsError extends Error {
  override readonly name = 'InvalidCredentialsError';
}
export class PasswordRejectedError extends Error {
  override readonly name = 'PasswordRejectedError';
}

export interface Tokens {
  readonly accessToken: string;
  readonly idToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
}

/** Tokens a refresh gives: the refresh token itself stays as it was. */
export type RefreshedTokens = Omit<Tokens, 'refreshToken'>;

const CREDENTIAL_ERRORS = new Set([
  'NotAuthorizedException',
  'UserNotFoundException',
  'UserNotConfirmedException',
  'PasswordResetRequiredException',
  // A wrong or expired MFA code, or a sign-in session that expired (or is unknown).
  'CodeMismatchException',
  'ExpiredCodeException',
  'EnableSoftwareTokenMFAException',
]);

/** Sign-in through one app client of a pool: Cognito's public (client-id) calls. */
export class CognitoSignIn {
  constructor(protected readonly clientId?: string) {}

  /** Cognito's InitiateAuth, with a refused credential told apart from a Cognito failure. */
  protected async initiateAuth(
    flow: 'USER_PASSWORD_AUTH' | 'REFRESH_TOKEN_AUTH',
    parameters: Record<string, string>,
  ) {
    if (!this.clientId) throw new Error('sign-in needs the app client id');
    try {
      return await cognito().send(
        new InitiateAuthCommand({
          ClientId: this.clientId,
          AuthFlow: flow,
          AuthParameters: parameters,
        }),
      );
    } catch (error) {
      throw credentialError(error, 'Cognito sign-in failed');
    }
  }

  /** New ID and access tokens for a refresh token that is still valid (not signed out). */
  async refresh(refreshToken: string): Promise<RefreshedTokens> {
    const out = await this.initiateAuth('REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: refreshToken });
    const r = out.AuthenticationResult;
    if (!r?.AccessToken || !r.IdToken) throw new InvalidCredentialsError('refresh refused');
    return { accessToken: r.AccessToken, idToken: r.IdToken, expiresIn: r.ExpiresIn ?? 900 };
  }

  /**
   * Signs the access token's user out everywhere: every refresh token they hold is revoked
   * (Cognito's GlobalSignOut, authorised by the access token itself: no IAM grant needed).
   */
  async signOut(accessToken: string): Promise<void> {
    try {
      await cognito().send(new GlobalSignOutCommand({ AccessToken: accessToken }));
    } catch (error) {
      throw credentialError(error, 'Cognito sign-out failed');
    }
  }
}

/** Cognito's refusal of a credential (or code, or session) as InvalidCredentialsError. */
export function credentialError(error: unknown, what: string): Error {
  const name = (error as Error).name;
  if (CREDENTIAL_ERRORS.has(name))
    return new InvalidCredentialsError('sign-in refused', { cause: error });
  if (name === 'InvalidPasswordException')
    return new PasswordRejectedError('password rejected by the identity provider', {
      cause: error,
    });
  return new DependencyError(what, { cause: error });
}

/** Tokens out of an AuthenticationResult, or undefined where it has none. */
export function tokensOf(r: AuthenticationResultType | undefined): Tokens | undefined {
  if (!r?.AccessToken || !r.IdToken || !r.RefreshToken) return undefined;
  return {
    accessToken: r.AccessToken,
    idToken: r.IdToken,
    refreshToken: r.RefreshToken,
    expiresIn: r.ExpiresIn ?? 900,
  };
}

export class Identity extends CognitoSignIn {
  constructor(
    private readonly userPoolId: string,
    clientId?: string,
  ) {
    super(clientId);
  }
  /** Creates the customer's sign-in, disabled until verification. */
  async createDisabledCustomer(customerId: string, password: string): Promise<void> {
    const c = cognito();
    try {
      await c.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: customerId,
          MessageAction: 'SUPPRESS',
        }),
      );
      await c.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: this.userPoolId,
          Username: customerId,
          Password: password,
          Permanent: true,
        }),
      );
      await c.send(
        new AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: customerId }),
      );
    } catch (error) {
      await this.deleteUser(customerId).catch(() => undefined);
      if ((error as Error).name === 'InvalidPasswordException') {
        throw new PasswordRejectedError('password rejected by the identity provider', {
          cause: error,
        });
      }
      throw new DependencyError('Cognito user creation failed', { cause: error });
    }
  }

  async enableCustomer(customerId: string, group: string): Promise<void> {
    const c = cognito();
    try {
      await c.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: this.userPoolId,
          Username: customerId,
          GroupName: group,
        }),
      );
      await c.send(
        new AdminEnableUserCommand({ UserPoolId: this.userPoolId, Username: customerId }),
      );
    } catch (error) {
      throw new DependencyError('Cognito user activation failed', { cause: error });
    }
  }

  async deleteUser(username: string): Promise<void> {
    await cognito().send(
      new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: username }),
    );
  }

  async signIn(username: string, password: string): Promise<Tokens> {
    const out = await this.initiateAuth('USER_PASSWORD_AUTH', {
      USERNAME: username,
      PASSWORD: password,
    });
    const tokens = tokensOf(out.AuthenticationResult);
    // Customers' pool asks no challenge; one would be a misconfiguration, refused.
    if (!tokens) throw new InvalidCredentialsError('sign-in asked for a challenge');
    return tokens;
  }
}
