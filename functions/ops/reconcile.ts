// POST /v1/ops/reconciliations (staff), and the daily scheduled run: reconciles the
// journal, balances, settlement log and the provider's records.
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { currentEnv, requireEnv } from '../../shared/platform/config';
import { ENV } from '../../shared/platform/env-names';
import { runReconciliation } from '../../shared/money/flows/ops';
import { systemClock } from '../../shared/kernel/clock';
import { httpRoute } from '../../shared/platform/http/route';
import { logger } from '../../shared/platform/logger';
import { ReconcileRequest } from '../../shared/money/schemas/ops';

const reconcileDeps = () => {
  const provider = currentEnv()[ENV.tables.provider];
  return {
    ledgerTable: requireEnv(ENV.tables.ledger),
    ...(provider ? { providerTable: provider } : {}),
    clock: systemClock,
  };
};

const http = httpRoute(
  {
    name: 'opsReconcile',
    auth: { kind: 'staff', groups: ['risk-officer', 'admin'] },
    body: ReconcileRequest.optional(),
  },
  async (req) => ({
    status: 200,
    body: await runReconciliation(req.body?.graceSeconds ?? 120, reconcileDeps()),
  }),
);

export const handler = async (
  event: APIGatewayProxyEvent | { source?: string },
  context: Context,
) => {
  if ('source' in event && event.source === 'aws.events') {
    const report = await runReconciliation(600, reconcileDeps());
    if (!report.clean) logger.error('reconciliation found breaks', { breaks: report.breaks });
    return { clean: report.clean, breaks: report.breaks.length };
  }
  return http(event as APIGatewayProxyEvent, context);
};
