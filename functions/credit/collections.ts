// The daily loan collection (scheduled; POST /v1/ops/loan-collections runs it now) and the
// loan book for staff (GET /v1/ops/loans) (issue 13, M1-a, M3.1-a).
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { collectDue, loanBook } from '../../shared/credit';
import { collectionDeps } from '../deps/credit';
import { serveRoutes } from '../http';
import { CREDIT_ROUTES } from '../routes/credit';

const http = serveRoutes(CREDIT_ROUTES, {
  opsLoanBook: async () => ({ body: await loanBook(collectionDeps()) }),
  opsCollectLoans: async () => ({ body: await collectDue(collectionDeps()) }),
});

/** A scheduled run collects what is due today (the CST business day of the clock). */
export const handler = async (
  event: APIGatewayProxyEvent | { source?: string },
  context: Context,
) => {
  if ('source' in event && event.source === 'aws.events') return collectDue(collectionDeps());
  return http(event as APIGatewayProxyEvent, context);
};
