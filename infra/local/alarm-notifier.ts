// CloudWatch's alarm actions, locally (the emulator changes an alarm's state on
// SetAlarmState but notifies no one): polls the alarms, and when one moves into a state
// whose actions name a topic, delivers the notification CloudWatch would publish (the same
// JSON message, in an SNS event) to every function the template subscribes to that topic.
// A drill (npm run drill) sets an alarm's state; this opens its incident as in AWS.
import { randomUUID } from 'node:crypto';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import type { SNSEvent } from 'aws-lambda';
import { logger } from '../../shared/platform/logger';
import {
  invokeAsync,
  type DeadLetter,
  type LocalFunction,
  type TopicSubscription,
} from './functions';

export interface AlarmNotifierOptions {
  readonly region: string;
  readonly account: string;
  readonly subscriptions: readonly TopicSubscription[];
  readonly functions: ReadonlyMap<string, LocalFunction>;
  /** Where a notification the function keeps failing on goes (its DLQ), as in AWS. */
  readonly deadLetter: DeadLetter;
  readonly intervalMs?: number;
}

/** The message CloudWatch publishes for an alarm's state change. */
export function alarmMessage(a: MetricAlarm, region: string, account: string) {
  return {
    AlarmName: a.AlarmName,
    AlarmDescription: a.AlarmDescription ?? null,
    AWSAccountId: account,
    AlarmConfigurationUpdatedTimestamp: a.AlarmConfigurationUpdatedTimestamp?.toISOString(),
    NewStateValue: a.StateValue,
    NewStateReason: a.StateReason ?? '',
    StateChangeTime: (a.StateUpdatedTimestamp ?? new Date()).toISOString(),
    Region: region,
    AlarmArn: a.AlarmArn,
    OldStateValue: null,
    Trigger: {
      MetricName: a.MetricName,
      Namespace: a.Namespace,
      Statistic: a.Statistic,
      Period: a.Period,
      EvaluationPeriods: a.EvaluationPeriods,
      ComparisonOperator: a.ComparisonOperator,
      Threshold: a.Threshold,
      Dimensions: (a.Dimensions ?? []).map((d) => ({ name: d.Name, value: d.Value })),
    },
  };
}

export class AlarmNotifier {
  private readonly cw = new CloudWatchClient({});
  private readonly seen = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly opts: AlarmNotifierOptions) {}

  async start(): Promise<void> {
    if (!this.opts.subscriptions.length) return;
    await this.poll(false); // what is there already was notified (or never will be)
    this.timer = setInterval(() => {
      this.running ??= this.poll(true)
        .catch((error: unknown) => logger.error('alarm notifier failed', { error }))
        .finally(() => {
          this.running = undefined;
        });
    }, this.opts.intervalMs ?? 1000);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async poll(notify: boolean): Promise<void> {
    let token: string | undefined;
    do {
      const page = await this.cw.send(new DescribeAlarmsCommand({ NextToken: token }));
      for (const a of page.MetricAlarms ?? []) {
        const at = a.StateUpdatedTimestamp?.getTime() ?? 0;
        const key = a.AlarmName ?? '';
        const before = this.seen.get(key);
        this.seen.set(key, at);
        if (!notify || before === undefined || before === at) continue;
        const actions =
          a.StateValue === 'ALARM'
            ? a.AlarmActions
            : a.StateValue === 'OK'
              ? a.OKActions
              : a.InsufficientDataActions;
        for (const topicArn of actions ?? []) await this.publish(topicArn, a);
      }
      token = page.NextToken;
    } while (token);
  }

  private async publish(topicArn: string, a: MetricAlarm): Promise<void> {
    const message = JSON.stringify(alarmMessage(a, this.opts.region, this.opts.account));
    for (const s of this.opts.subscriptions.filter((x) => x.topicArn === topicArn)) {
      const fn = this.opts.functions.get(s.fn);
      if (!fn) continue;
      const event: SNSEvent = {
        Records: [
          {
            EventSource: 'aws:sns',
            EventVersion: '1.0',
            EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
            Sns: {
              Type: 'Notification',
              MessageId: randomUUID(),
              TopicArn: topicArn,
              Subject: `${a.StateValue}: "${a.AlarmName}" in ${this.opts.region}`,
              Message: message,
              Timestamp: new Date().toISOString(),
              SignatureVersion: '1',
              Signature: 'local',
              SigningCertUrl: 'local',
              UnsubscribeUrl: 'local',
              MessageAttributes: {},
            },
          },
        ],
      };
      const outcome = await invokeAsync(fn, event, this.opts.deadLetter);
      if (!outcome.ok) {
        logger.error('alarm notification not handled', {
          fn: s.fn,
          error: outcome.error,
          deadLettered: outcome.deadLettered,
        });
      }
    }
  }
}
