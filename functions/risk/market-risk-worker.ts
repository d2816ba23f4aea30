// SQS consumer of the market-risk queue (M3.2-a): one message per portfolio of a run. Each is
// computed on the run's pinned inputs and stored with them; a redelivery writes the same
// result again. A record that fails is reported alone and retried; after 3 deliveries it
// rests in the DLQ (runbook dlq-depth). A message that is not a run's is reported too.
import * as z from 'zod';
import { logger } from '../../shared/platform';
import { computePortfolio } from '../../shared/risk';
import { marketRiskDeps } from '../deps/market-risk';
import { consumeEach } from '../sqs';

const PortfolioMessage = z
  .object({ runId: z.string().min(1).max(80), portfolioId: z.string().min(1).max(64) })
  .strict();

export const handler = consumeEach(
  PortfolioMessage,
  async (message) => {
    const summary = await computePortfolio(message, marketRiskDeps({ sends: false }));
    logger.info('portfolio market risk computed', {
      runId: summary.runId,
      portfolioId: summary.portfolioId,
      status: summary.status,
      headlineVar: summary.headline?.var,
    });
  },
  'portfolio market risk failed',
);
