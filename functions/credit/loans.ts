// POST /v1/loans (take up an offer), GET /v1/loans, GET /v1/loans/{loanId} and
// POST /v1/loans/{loanId}/repayments: a borrower's loans (issue 13, M1-a).
import { ownLoans, ownLoanView, repayLoan, takeUpOffer } from '../../shared/credit';
import { loanDeps } from '../deps/credit';
import { customerKeyed, serveRoutes } from '../http';
import { CREDIT_ROUTES } from '../routes/credit';

export const handler = serveRoutes(CREDIT_ROUTES, {
  takeUpLoan: async (req) => ({
    body: await takeUpOffer(customerKeyed(req), loanDeps()),
  }),
  listLoans: async (req) => ({ body: await ownLoans(req.principal.username, loanDeps()) }),
  getLoan: async (req) => ({
    body: await ownLoanView(req.principal.username, req.params.loanId, loanDeps()),
  }),
  repayLoan: async (req) => ({
    body: await repayLoan(
      {
        customerId: req.principal.username,
        key: req.idempotencyKey,
        operation: req.operationId,
        body: { loanId: req.params.loanId, ...req.body },
        loanId: req.params.loanId,
        input: req.body,
      },
      loanDeps(),
    ),
  }),
});
