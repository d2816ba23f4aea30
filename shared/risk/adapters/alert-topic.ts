// Risk alerts to the risk team's SNS topic (M4.1-a: risk staff are notified). One message
// per alert: ids, rule, severity and reasons; the customer by id only (no PII).
import { PublishCommand, sns } from '../../platform';
import type { AlertNotice, AlertNotifier } from '../domain/alerts';

export class AlertTopic implements AlertNotifier {
  constructor(private readonly topicArn: string) {}

  async notify(alerts: readonly AlertNotice[]): Promise<void> {
    await Promise.all(
      alerts.map((a) =>
        sns().send(
          new PublishCommand({
            TopicArn: this.topicArn,
            Subject: `Risk alert ${a.severity}: ${a.ruleId}`,
            Message: JSON.stringify(a),
            MessageAttributes: {
              severity: { DataType: 'String', StringValue: a.severity },
              ruleId: { DataType: 'String', StringValue: a.ruleId },
            },
          }),
        ),
      ),
    );
  }
}
