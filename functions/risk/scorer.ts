// SQS consumer of the risk-events queue (M4.1-a: real-time transaction monitoring). Each
// event is scored once (a redelivery answers from its stored decision); a customer's events
// in one batch are scored in order, different customers' side by side. A record that fails
// is reported alone and retried; after 5 deliveries it rests in the DLQ (runbook dlq-depth).
// A message that is not a risk event is reported too, so it ends in the DLQ for a person.
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../../shared/platform';
import { RISK_METRICS_NAMESPACE, RiskEvent, scoreEvent } from '../../shared/risk';
import { settings } from '../deps/adapters';
import { scoringDeps } from '../deps/risk';

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const failed: string[] = [];
  const byCustomer = new Map<string, { record: SQSRecord; event: RiskEvent }[]>();
  for (const record of event.Records) {
    let parsed: RiskEvent;
    try {
      parsed = RiskEvent.parse(JSON.parse(record.body));
    } catch (error) {
      logger.error('not a risk event', { messageId: record.messageId, error });
      failed.push(record.messageId);
      continue;
    }
    const list = byCustomer.get(parsed.customerId) ?? [];
    list.push({ record, event: parsed });
    byCustomer.set(parsed.customerId, list);
  }
  const deps = scoringDeps();
  const stage = settings().stage;
  await Promise.all(
    [...byCustomer.values()].map(async (list) => {
      for (const { record, event: e } of list) {
        try {
          const outcome = await scoreEvent(e, deps);
          if (outcome.kind === 'SCORED' && outcome.opened)
            logger.metric(
              RISK_METRICS_NAMESPACE,
              { AlertsOpened: outcome.opened },
              { Stage: stage },
            );
          logger.info('risk event scored', {
            eventId: e.eventId,
            outcome: outcome.kind,
            score: outcome.decision.score,
            action: outcome.decision.action,
            rules: outcome.decision.hits.map((h) => h.ruleId),
            ...(outcome.decision.disabled ? { disabled: outcome.decision.disabled } : {}),
            ...(outcome.kind === 'SCORED'
              ? { opened: outcome.opened, joined: outcome.joined }
              : {}),
          });
        } catch (error) {
          logger.error('risk scoring failed', { eventId: e.eventId, error });
          failed.push(record.messageId);
        }
      }
    }),
  );
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
};
