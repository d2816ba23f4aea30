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
  InitiateAuthCommand,
} from '../../platform';
import { cognito, DependencyError } from '../../platform';

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

const CREDENTIAL_ERRORS = new Set([
  'NotAuthorizedException',
  'UserNotFoundException',
  'UserNotConfirmedException',
  'PasswordResetRequiredException',
]);

export class Identity {
  constructor(
    private readonly userPoolId: string,
    private readonly clientId?: string,
  ) {}

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
    if (!this.clientId) throw new Error('Identity.signIn needs the app client id');
    let out;
    try {
      out = await cognito().send(
        new InitiateAuthCommand({
          ClientId: this.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD: password },
        }),
      );
    } catch (error) {
      if (CREDENTIAL_ERRORS.has((error as Error).name)) {
        throw new InvalidCredentialsError('sign-in refused', { cause: error });
      }
      throw new DependencyError('Cognito sign-in failed', { cause: error });
    }
    const r = out.AuthenticationResult;
    if (!r?.AccessToken || !r.IdToken || !r.RefreshToken) {
      // A challenge (MFA setup, new password) is not completed through this endpoint.
      throw new InvalidCredentialsError('sign-in needs a challenge this API does not complete');
    }
    return {
      accessToken: r.AccessToken,
      idToken: r.IdToken,
      refreshToken: r.RefreshToken,
      expiresIn: r.ExpiresIn ?? 900,
    };
  }
}
