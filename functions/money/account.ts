// GET /v1/accounts/me and GET /v1/accounts/me/entries: the caller's own cash account; and
// GET /v1/deposits|withdrawals|transfers/{id}: one of the caller's own movements.
import { customerAccount, InvalidCursorError, ownMovement } from '../../shared/money';
import * as deps from '../deps/adapters';
import { NotFoundError, ValidationError } from '../../shared/platform';
import { serveRoutes } from '../http';
import { MONEY_ROUTES } from '../routes/money';

export const handler = serveRoutes(MONEY_ROUTES, {
  getDeposit: async (req) => ({
    body: await ownMovement(req.principal.username, req.params.depositId, 'DEPOSIT', deps.ledger()),
  }),
  getWithdrawal: async (req) => ({
    body: await ownMovement(
      req.principal.username,
      req.params.withdrawalId,
      'WITHDRAWAL',
      deps.ledger(),
    ),
  }),
  getTransfer: async (req) => ({
    body: await ownMovement(
      req.principal.username,
      req.params.transferId,
      'TRANSFER',
      deps.ledger(),
    ),
  }),
  getAccount: async (req) => {
    const account = await deps.ledger().account(customerAccount(req.principal.username));
    if (!account) throw new NotFoundError('ACCOUNT_NOT_FOUND', 'No cash account for this sign-in.');
    const { balance, available, held, currency } = account;
    return { body: { balance, available, held, currency } };
  },
  listEntries: async (req) => {
    try {
      const page = await deps
        .ledger()
        .entries(customerAccount(req.principal.username), req.query.limit, req.query.cursor);
      return { body: { items: page.entries, ...(page.next ? { nextCursor: page.next } : {}) } };
    } catch (error) {
      if (error instanceof InvalidCursorError)
        throw new ValidationError([
          { path: 'query.cursor', reason: 'is not a cursor this API gave' },
        ]);
      throw error;
    }
  },
});
