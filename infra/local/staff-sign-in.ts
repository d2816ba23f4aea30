// A local staff member's whole sign-in over HTTP, as the web console makes it: password,
// then the authenticator's current code (the emulator's one TOTP secret). Used by the
// tests, the benchmarks and `npm run staff:token`.
import { LOCAL_STAFF_PASSWORD, localStaffUsername } from './staff-users';
import { EMULATOR_TOTP_SECRET, freshTotp } from './totp';

export interface StaffTokens {
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken: string;
}

async function post(apiUrl: string, path: string, body: unknown) {
  const res = await fetch(`${apiUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json().catch(() => ({}))) as Record<string, unknown>,
  };
}

/** Signs in the seeded staff user of `group` (or `username` with `password`). */
export async function signInStaff(
  apiUrl: string,
  who: { group: string } | { username: string; password: string },
): Promise<StaffTokens> {
  const username = 'group' in who ? localStaffUsername(who.group) : who.username;
  const password = 'group' in who ? LOCAL_STAFF_PASSWORD : who.password;
  // A code can straddle a 30-second step; one more try with the next code.
  for (let attempt = 0; attempt < 2; attempt++) {
    const first = await post(apiUrl, '/v1/staff/auth/login', { username, password });
    if (first.status !== 200 || first.body.challenge !== 'SOFTWARE_TOKEN_MFA')
      throw new Error(`staff sign-in ${username}: ${first.status} ${JSON.stringify(first.body)}`);
    const done = await post(apiUrl, '/v1/staff/auth/challenge', {
      challenge: 'SOFTWARE_TOKEN_MFA',
      username,
      session: first.body.session,
      code: await freshTotp(EMULATOR_TOTP_SECRET),
    });
    if (done.status === 200 && done.body.status === 'SIGNED_IN')
      return {
        idToken: String(done.body.idToken),
        accessToken: String(done.body.accessToken),
        refreshToken: String(done.body.refreshToken),
      };
    if (done.status !== 401 || attempt > 0)
      throw new Error(`staff code ${username}: ${done.status} ${JSON.stringify(done.body)}`);
  }
  throw new Error(`staff sign-in ${username} failed`);
}
