// POST /v1/auth/login: customers by phone, staff by username; Cognito tokens back.
// Every failure is the same 401, saying nothing of which part was wrong.
import { checkPhone, InvalidCredentialsError, normalizePhone } from '../../shared/identity';
import * as deps from '../deps/adapters';
import { UnauthorizedError } from '../../shared/platform';
import { serve } from '../http';
import { IDENTITY_ROUTES } from '../routes/identity';

const refused = () =>
  new UnauthorizedError('INVALID_CREDENTIALS', 'The credentials are not valid.');

export const handler = serve(IDENTITY_ROUTES, 'login', async (req) => {
  let username: string | undefined;
  if ('phone' in req.body) {
    if (checkPhone(req.body.phone)) throw refused();
    const index = await deps.blindIndex().of('phone', normalizePhone(req.body.phone));
    username = await deps.customers().customerIdByPhone(index);
    if (!username) throw refused();
  } else {
    username = req.body.username;
  }
  try {
    return { body: await deps.identity().signIn(username, req.body.password) };
  } catch (error) {
    if (error instanceof InvalidCredentialsError) throw refused();
    throw error;
  }
});
