// SQS consumer of the market-risk queue (M3.2-a): one message per portfolio of a run. Each is
// computed on the run's pinned inputs and stored with them; a redelivery writes the same
// result again. A record that fails is reported alone and retried; after 3 deliveries it
// rests in the DLQ (runbook dlq-depth). A message that is not a run's is reported too.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { logger } from '../../shared/platform';
import { computePortfolio } from '../../shared/risk';
import { marketRiskDeps } from '../deps/market-risk';

const PortfolioMessage = z
  .object({ runId: z.string().min(1).max(80), portfolioId: z.string().min(1).max(64) })
  .strict();

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const failed: string[] = [];
  for (const record of event.Records) {
    try {
      const message = PortfolioMessage.parse(JSON.parse(record.body));
      const summary = await computePortfolio(message, marketRiskDeps({ sends: false }));
      logger.info('portfolio market risk computed', {
        runId: summary.runId,
        portfolioId: summary.portfolioId,
        status: summary.status,
        headlineVar: summary.headline?.var,
      });
    } catch (error) {
      logger.error('portfolio market risk failed', { messageId: record.messageId, error });
      failed.push(record.messageId);
    }
  }
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
};
