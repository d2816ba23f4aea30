// The Cognito client of this process.
import { CognitoIdentityProviderClient } from './sdk/cognito';
import { created } from './clients';

let client: CognitoIdentityProviderClient | undefined;
export function cognito(): CognitoIdentityProviderClient {
  client ??= created(new CognitoIdentityProviderClient({ cacheMiddleware: true }), 'Cognito');
  return client;
}
