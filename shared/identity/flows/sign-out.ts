// Signing out everywhere (customers and staff alike): the access token sent must be the
// caller's own (its username is the signed-in principal's), then Cognito revokes every
// refresh token of the user, checking the token in full. A token that is not the caller's,
// or not a token, is refused as a credential.
import { decodeJwt } from 'jose';
import { InvalidCredentialsError, type CognitoSignIn } from '../adapters/identity';

export async function signOutEverywhere(
  accessToken: string,
  caller: string,
  pool: Pick<CognitoSignIn, 'signOut'>,
): Promise<{ status: 'SIGNED_OUT' }> {
  let username: unknown;
  try {
    username = decodeJwt(accessToken).username;
  } catch (error) {
    throw new InvalidCredentialsError('not an access token', { cause: error });
  }
  if (username !== caller) throw new InvalidCredentialsError("not the caller's access token");
  await pool.signOut(accessToken);
  return { status: 'SIGNED_OUT' };
}
