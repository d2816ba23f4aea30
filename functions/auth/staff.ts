// Staff sign-in on the staff pool (issue 12): POST /v1/staff/auth/login (password), then
// /challenge (new password, the first code of a new authenticator, or the current code)
// and /mfa-setup (the authenticator's secret); tokens come only after a code. Refresh
// and sign-out as for customers, on the staff pool. Every refusal is the same 401.
import {
  answerStaffChallenge,
  enrolAuthenticator,
  InvalidCredentialsError,
  signOutEverywhere,
} from '../../shared/identity';
import { logger, SECURITY_METRICS_NAMESPACE, UnauthorizedError } from '../../shared/platform';
import * as deps from '../deps/adapters';
import { serveRoutes } from '../http';
import { IDENTITY_ROUTES } from '../routes/identity';

const refused = () =>
  new UnauthorizedError('INVALID_CREDENTIALS', 'The credentials are not valid.');

/** A refused credential or code as the one 401, counted (the failed-sign-in surge alarm). */
async function signInStep<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof InvalidCredentialsError)) throw error;
    logger.metric(
      SECURITY_METRICS_NAMESPACE,
      { SignInsFailed: 1, StaffSignInsFailed: 1 },
      { Stage: deps.settings().stage },
    );
    throw refused();
  }
}

export const handler = serveRoutes(IDENTITY_ROUTES, {
  staffLogin: async (req) => ({
    body: await signInStep(() => deps.staffIdentity().signIn(req.body.username, req.body.password)),
  }),
  staffAnswerChallenge: async (req) => ({
    body: await signInStep(() => answerStaffChallenge(req.body, deps.staffIdentity())),
  }),
  staffMfaSetup: async (req) => ({
    body: await signInStep(() => enrolAuthenticator(req.body, deps.staffIdentity())),
  }),
  staffRefreshTokens: async (req) => ({
    body: await signInStep(() => deps.staffIdentity().refresh(req.body.refreshToken)),
  }),
  staffSignOut: async (req) => ({
    body: await signInStep(() =>
      signOutEverywhere(req.body.accessToken, req.principal.username, deps.staffIdentity()),
    ),
  }),
});
