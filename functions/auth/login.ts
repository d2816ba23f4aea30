// POST /v1/auth/login: customers by phone; Cognito tokens back (staff: functions/auth/staff.ts).
// POST /v1/auth/refresh: fresh tokens from the refresh token. POST /v1/auth/sign-out:
// every refresh token of the caller revoked. Every refused credential is the same 401,
// saying nothing of which part was wrong.
import {
  checkPhone,
  InvalidCredentialsError,
  normalizePhone,
  pendingSignInRefusal,
  signOutEverywhere,
} from '../../shared/identity';
import { systemClock } from '../../shared/kernel';
import * as deps from '../deps/adapters';
import { reportDeps } from '../deps/risk';
import { reportSignIn } from '../../shared/risk';
import { logger, SECURITY_METRICS_NAMESPACE, UnauthorizedError } from '../../shared/platform';
import { serveRoutes } from '../http';
import { IDENTITY_ROUTES } from '../routes/identity';

/** A username no customer has (customers' are random UUIDs of version 4; this is not one). */
export const NO_SUCH_CUSTOMER = '00000000-0000-0000-0000-000000000000';

const refused = () =>
  new UnauthorizedError('INVALID_CREDENTIALS', 'The credentials are not valid.');

/** Cognito's refusal of a credential, answered as the one 401. */
async function orRefused<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidCredentialsError) throw refused();
    throw error;
  }
}

/** Every refused sign-in counts (the failed-sign-in surge alarm; runbook failed-sign-in-surge). */
async function counted<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UnauthorizedError && error.code === 'INVALID_CREDENTIALS')
      logger.metric(
        SECURITY_METRICS_NAMESPACE,
        { SignInsFailed: 1 },
        { Stage: deps.settings().stage },
      );
    throw error;
  }
}

export const handler = serveRoutes(IDENTITY_ROUTES, {
  login: (req) =>
    counted(async () => {
      if (checkPhone(req.body.phone)) throw refused();
      const index = await deps.blindIndex().of('phone', normalizePhone(req.body.phone));
      // Both lookups on every sign-in, side by side: a known and an unknown phone make the
      // same DynamoDB requests before Cognito's (issue 12: the time tells no one apart).
      const [customerId, pending] = await Promise.all([
        deps.customers().customerIdByPhone(index),
        pendingSignInRefusal(index, req.body.password, {
          repo: deps.customers(),
          index: deps.blindIndex(),
          clock: systemClock,
        }),
      ]);
      if (!customerId) {
        // An unknown phone does the same work as a known one with a wrong password (a
        // Cognito sign-in, refused), so the answer's time tells no one whether it is a
        // customer's (issue 12: customers can be enumerated).
        await deps
          .identity()
          .signIn(NO_SUCH_CUSTOMER, req.body.password)
          .catch(() => undefined);
        // A registration of the phone with this password is told so, whoever holds the
        // phone (a decoy's too): the answer says nothing about whether it is a customer's.
        if (pending) throw pending;
        throw refused();
      }
      // A customer's sign-in, failed or not, is a risk event (M2.1-c: failures then a success).
      const report = (ok: boolean) =>
        reportSignIn(
          {
            customerId,
            ok,
            ...(req.deviceId ? { deviceId: req.deviceId } : {}),
            sourceIp: req.sourceIp,
          },
          reportDeps(),
        );
      try {
        const tokens = await deps.identity().signIn(customerId, req.body.password);
        await report(true);
        return { body: tokens };
      } catch (error) {
        if (error instanceof InvalidCredentialsError) {
          await report(false);
          // Someone who registered this phone with this password (a decoy, the holder
          // being a customer) is answered as for a phone no one holds.
          if (pending) throw pending;
          throw refused();
        }
        throw error;
      }
    }),
  refreshTokens: async (req) => ({
    body: await orRefused(() => deps.identity().refresh(req.body.refreshToken)),
  }),
  signOut: async (req) => ({
    body: await orRefused(() =>
      signOutEverywhere(req.body.accessToken, req.principal.username, deps.identity()),
    ),
  }),
});
