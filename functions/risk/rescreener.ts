// SQS consumer of the re-screening queue (issue 14, M1-c, ADR 0031): one message per
// fingerprint shard of a watch list's new version (or a follow-up carrying on a shard). The
// shard's customers are matched by their keyed fingerprints against the version's new and
// changed entries; a hit is added to the customer's screening result and sent to monitoring
// (the alert, and holds while open). A record that fails (the version not committed yet, a
// throttled table) is reported alone and comes back; after 5 deliveries it rests in the DLQ.
import * as z from 'zod';
import { rescreenShard } from '../../shared/compliance';
import { logger } from '../../shared/platform';
import { rescreeningDeps } from '../deps/compliance';
import { consumeEach } from '../sqs';

const RescreenMessage = z
  .object({
    listId: z.string().min(1).max(40),
    version: z.number().int().positive(),
    shard: z.number().int().min(0).max(255),
    after: z.string().min(1).max(64).optional(),
  })
  .strict();

export const handler = consumeEach(
  RescreenMessage,
  async (message) => {
    const started = Date.now();
    const summary = await rescreenShard(message, rescreeningDeps());
    logger.info('customers re-screened', { ...summary, ms: Date.now() - started });
  },
  're-screening failed',
);
