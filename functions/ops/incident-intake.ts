// Subscribed to the alarm topic (ADR 0019): each CloudWatch alarm notification opens an
// incident, or is noted on the one its alarm has open. A message that is not an alarm's is
// logged and dropped (SNS would retry a failure; a malformed message never becomes valid).
import type { SNSEvent } from 'aws-lambda';
import { systemClock } from '../../shared/kernel';
import { IncidentsRepo, onAlarm, type AlarmNotice } from '../../shared/risk';
import { ENV, logger, requireEnv } from '../../shared/platform';

function noticeOf(message: string): AlarmNotice | undefined {
  try {
    const m = JSON.parse(message) as Record<string, unknown>;
    if (typeof m.AlarmName !== 'string' || typeof m.NewStateValue !== 'string') return undefined;
    return {
      alarmName: m.AlarmName,
      description: typeof m.AlarmDescription === 'string' ? m.AlarmDescription : undefined,
      state: m.NewStateValue,
      reason: typeof m.NewStateReason === 'string' ? m.NewStateReason : '',
      at:
        typeof m.StateChangeTime === 'string'
          ? new Date(m.StateChangeTime).toISOString()
          : systemClock.now().toISOString(),
    };
  } catch {
    return undefined;
  }
}

export const handler = async (event: SNSEvent): Promise<void> => {
  const deps = { incidents: new IncidentsRepo(requireEnv(ENV.tables.risk)), clock: systemClock };
  for (const record of event.Records) {
    const notice = noticeOf(record.Sns.Message);
    if (!notice) {
      logger.error('not an alarm notification', { messageId: record.Sns.MessageId });
      continue;
    }
    const out = await onAlarm(notice, deps);
    logger.info('alarm notification handled', {
      alarm: notice.alarmName,
      state: notice.state,
      ...(out.incidentId ? { incidentId: out.incidentId } : {}),
      opened: out.opened,
    });
  }
};
