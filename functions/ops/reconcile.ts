// POST /v1/ops/reconciliations (staff), and the daily scheduled run: reconciles the
// journal, balances, settlement log and the provider's records.
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { systemClock } from '../../shared/kernel';
import { runReconciliation, SimulatedProvider } from '../../shared/money';
import { currentEnv, ENV, logger, OPERATIONS_METRICS_NAMESPACE } from '../../shared/platform';
import * as deps from '../deps/adapters';
import { serve } from '../http';
import { MONEY_ROUTES } from '../routes/money';

const reconcileDeps = () => {
  const provider = currentEnv()[ENV.tables.provider];
  return {
    ledger: deps.ledger(),
    ...(provider ? { provider: new SimulatedProvider(provider) } : {}),
    clock: systemClock,
  };
};

const http = serve(MONEY_ROUTES, 'opsReconcile', async (req) => ({
  body: await runReconciliation(req.body?.graceSeconds ?? 120, reconcileDeps()),
}));

export const handler = async (
  event: APIGatewayProxyEvent | { source?: string },
  context: Context,
) => {
  if ('source' in event && event.source === 'aws.events') {
    const report = await runReconciliation(600, reconcileDeps());
    logger.metric(
      OPERATIONS_METRICS_NAMESPACE,
      { ReconciliationBreaks: report.breaks.length },
      { Stage: deps.settings().stage },
    );
    if (!report.clean) logger.error('reconciliation found breaks', { breaks: report.breaks });
    return { clean: report.clean, breaks: report.breaks.length };
  }
  return http(event as APIGatewayProxyEvent, context);
};
