// Identities: two Cognito user pools. Customers sign in to one, created by the registration
// flow after KYC checks (no self sign-up); staff to their own, with TOTP MFA required, short
// sessions and accounts only an administrator creates, through the audited staff flow
// (functions/ops/staff.ts). No function of the customer side holds any right on the staff
// pool, and the API's staff routes accept only the staff pool's tokens.
import { Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { CUSTOMER_GROUP, STAFF_GROUPS } from '../../shared/kernel';
import type { StageConfig } from '../config';
import { removalPolicyOf } from '../constructs/defaults';

export interface AuthStackProps extends StackProps {
  readonly config: StageConfig;
}

export class AuthStack extends Stack {
  /** Customers' identities. */
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** Staff identities: MFA required, groups are the staff roles. */
  readonly staffPool: cognito.UserPool;
  readonly staffClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: AuthStackProps) {
    super(scope, id, props);
    const { config } = props;
    const plus = config.stage === 'staging' || config.stage === 'prod';
    const protection = plus
      ? {
          featurePlan: cognito.FeaturePlan.PLUS,
          standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
        }
      : { featurePlan: cognito.FeaturePlan.ESSENTIALS };
    const passwordPolicy = (minLength: number) => ({
      minLength,
      requireDigits: true,
      requireLowercase: true,
      requireUppercase: true,
      requireSymbols: true,
      tempPasswordValidity: Duration.days(1),
    });
    const noThreatProtection = (pool: cognito.UserPool) => {
      if (plus) return;
      for (const rule of ['AwsSolutions-COG3', 'AwsSolutions-COG8']) {
        Validations.of(pool).acknowledge({
          id: rule,
          reason: `Threat protection needs the PLUS plan, enabled in staging and prod; ${config.stage} holds no real customers.`,
        });
      }
    };

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      passwordPolicy: passwordPolicy(config.passwordMinLength),
      mfa: cognito.Mfa.OFF,
      accountRecovery: cognito.AccountRecovery.NONE,
      ...protection,
      deletionProtection: config.removalPolicy === 'retain',
      removalPolicy: removalPolicyOf(config),
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'Customers prove possession of their phone by SMS code at registration and sign in with a ' +
        'password; every sign-in, failed or not, is a risk event scored with the device and ' +
        'address (M2.1-c), and threat protection (staging, prod) blocks compromised credentials. ' +
        'Customer MFA is not offered yet. Staff use their own pool, where TOTP MFA is required.',
    });
    noThreatProtection(this.userPool);
    this.client = appClient(this.userPool, 'AppClient', {
      refreshTokenValidity: Duration.days(30),
    });
    new cognito.CfnUserPoolGroup(this, `Group-${CUSTOMER_GROUP}`, {
      userPoolId: this.userPool.userPoolId,
      groupName: CUSTOMER_GROUP,
      description: 'Verified customers',
    });

    this.staffPool = new cognito.UserPool(this, 'StaffPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      passwordPolicy: passwordPolicy(config.staff.passwordMinLength),
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      // A lost authenticator or password is reset by an administrator, never by e-mail.
      accountRecovery: cognito.AccountRecovery.NONE,
      ...protection,
      deletionProtection: config.removalPolicy === 'retain',
      removalPolicy: removalPolicyOf(config),
    });
    noThreatProtection(this.staffPool);
    this.staffClient = appClient(this.staffPool, 'StaffClient', {
      refreshTokenValidity: Duration.hours(config.staff.sessionHours),
      // The password-to-code step of a sign-in must finish within three minutes.
      authSessionValidity: Duration.minutes(3),
    });
    for (const group of STAFF_GROUPS) {
      new cognito.CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.staffPool.userPoolId,
        groupName: group,
        description: `Staff: ${group}`,
      });
    }
  }
}

/**
 * An app client of the API: password sign-in (USER_PASSWORD_AUTH) and 15-minute ID and
 * access tokens; no hosted UI, no OAuth flows, no callback URLs (CDK would add
 * https://example.com otherwise), no secret, no user-existence errors.
 */
function appClient(
  pool: cognito.UserPool,
  id: string,
  opts: { refreshTokenValidity: Duration; authSessionValidity?: Duration },
): cognito.UserPoolClient {
  return pool.addClient(id, {
    authFlows: { userPassword: true },
    disableOAuth: true,
    generateSecret: false,
    preventUserExistenceErrors: true,
    accessTokenValidity: Duration.minutes(15),
    idTokenValidity: Duration.minutes(15),
    ...opts,
  });
}
