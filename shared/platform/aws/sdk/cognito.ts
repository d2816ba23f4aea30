// The AWS SDK's cognito packages, loaded with require(): the runtime's SDK is CommonJS, and
// importing it from an ES module costs a parse of its exports on every cold start
// (about 60 ms for DynamoDB on these machines; `npm run bench` prints load times).
import { createRequire } from 'node:module';
import type * as ClientCognito from '@aws-sdk/client-cognito-identity-provider';

const load = createRequire(import.meta.url);
const clientcognito = load('@aws-sdk/client-cognito-identity-provider') as typeof ClientCognito;

export const {
  CognitoIdentityProviderClient,
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminSetUserPasswordCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
  AssociateSoftwareTokenCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  VerifySoftwareTokenCommand,
} = clientcognito;
export type CognitoIdentityProviderClient = ClientCognito.CognitoIdentityProviderClient;
