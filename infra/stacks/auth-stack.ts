// Identities: one Cognito user pool for customers and staff. No self sign-up: customers
// are created by the registration flow after KYC checks, staff by administrators.
import { Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { CUSTOMER_GROUP, STAFF_GROUPS } from '../../functions/routes';
import type { StageConfig } from '../config';
import { removalPolicyOf } from '../constructs/defaults';

export interface AuthStackProps extends StackProps {
  readonly config: StageConfig;
}

export class AuthStack extends Stack {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: AuthStackProps) {
    super(scope, id, props);
    const { config } = props;
    const plus = config.stage === 'staging' || config.stage === 'prod';
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      passwordPolicy: {
        minLength: config.passwordMinLength,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(1),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      accountRecovery: cognito.AccountRecovery.NONE,
      featurePlan: plus ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      ...(plus
        ? { standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION }
        : {}),
      deletionProtection: config.removalPolicy === 'retain',
      removalPolicy: removalPolicyOf(config),
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'Customers prove possession of their phone by SMS code at registration; TOTP MFA is ' +
        'offered (optional) until device binding (M2.1-c) makes it step-up on risk signals.',
    });
    if (!plus) {
      for (const id of ['AwsSolutions-COG3', 'AwsSolutions-COG8']) {
        Validations.of(this.userPool).acknowledge({
          id,
          reason: `Threat protection needs the PLUS plan, enabled in staging and prod; ${config.stage} holds no real customers.`,
        });
      }
    }
    this.client = this.userPool.addClient('AppClient', {
      authFlows: { userPassword: true },
      // The API signs in with passwords (USER_PASSWORD_AUTH); no hosted UI, no OAuth flows,
      // no callback URLs (CDK would add https://example.com otherwise).
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.minutes(15),
      idTokenValidity: Duration.minutes(15),
      refreshTokenValidity: Duration.days(30),
    });
    for (const group of [CUSTOMER_GROUP, ...STAFF_GROUPS]) {
      new cognito.CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description: group === CUSTOMER_GROUP ? 'Verified customers' : `Staff: ${group}`,
      });
    }
  }
}
