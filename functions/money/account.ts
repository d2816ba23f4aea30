// GET /v1/accounts/me and GET /v1/accounts/me/entries: the caller's own cash account.
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { InvalidCursorError } from '../../shared/money/adapters/ledger-repo';
import { customerAccount } from '../../shared/money/domain/ledger';
import { deps } from '../../shared/deps';
import {
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../../shared/platform/http/errors';
import { httpRoute } from '../../shared/platform/http/route';
import { EntriesQuery } from '../../shared/money/schemas/money';

const balance = httpRoute({ name: 'account', auth: { kind: 'customer' } }, async (req) => {
  if (!req.principal) throw new UnauthorizedError();
  const account = await deps.ledger().account(customerAccount(req.principal.username));
  if (!account) throw new NotFoundError('ACCOUNT_NOT_FOUND', 'No cash account for this sign-in.');
  return {
    status: 200,
    body: {
      balance: account.balance,
      available: account.available,
      held: account.held,
      currency: account.currency,
    },
  };
});

const entries = httpRoute(
  { name: 'accountEntries', auth: { kind: 'customer' }, query: EntriesQuery },
  async (req) => {
    if (!req.principal) throw new UnauthorizedError();
    try {
      const page = await deps
        .ledger()
        .entries(customerAccount(req.principal.username), req.query.limit, req.query.cursor);
      return {
        status: 200,
        body: { entries: page.entries, ...(page.next ? { nextCursor: page.next } : {}) },
      };
    } catch (error) {
      if (error instanceof InvalidCursorError)
        throw new ValidationError([
          { path: 'query.cursor', reason: 'is not a cursor this API gave' },
        ]);
      throw error;
    }
  },
);

/** One function serves both routes of the account (one flow, one set of grants). */
export const handler = (event: APIGatewayProxyEvent, context: Context) =>
  event.resource?.endsWith('/entries') ? entries(event, context) : balance(event, context);
