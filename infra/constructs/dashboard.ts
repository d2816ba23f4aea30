// One CloudWatch dashboard per stage (issue 12, emergency response): what on-call looks at
// first at 3 a.m. — the API's traffic, errors and latency; every function's errors and
// throttles; the queues' oldest message; and the platform's own signals (risk alerts
// opened, refused sign-ins, reconciliation breaks). Each alarm's runbook starts here.
import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { RISK_METRICS_NAMESPACE } from '../../shared/risk';
import {
  OPERATIONS_METRICS_NAMESPACE,
  SECURITY_METRICS_NAMESPACE,
} from '../../shared/platform/metrics';
import type { StageConfig } from '../config';
import { KPI_DEFINITIONS, KPI_FLOWS, KPI_METRICS_NAMESPACE } from '../../shared/insight';

export function stageDashboard(
  scope: Construct,
  props: {
    config: StageConfig;
    api: apigw.RestApi;
    functions: ReadonlyMap<string, lambda.Function>;
    queues: Record<string, sqs.IQueue>;
  },
): cloudwatch.Dashboard {
  const period = Duration.minutes(5);
  const own = (namespace: string, metricName: string) =>
    new cloudwatch.Metric({
      namespace,
      metricName,
      dimensionsMap: { Stage: props.config.stage },
      period,
      statistic: 'Sum',
    });
  const fns = [...props.functions.values()];
  const dashboard = new cloudwatch.Dashboard(scope, 'Dashboard', {
    dashboardName: `Finplat-${props.config.stage}`,
    defaultInterval: Duration.hours(3),
  });
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: 'API requests and errors',
      left: [
        props.api.metricCount({ period }),
        props.api.metricClientError({ period }),
        props.api.metricServerError({ period }),
      ],
      width: 12,
    }),
    new cloudwatch.GraphWidget({
      title: 'API latency (p50, p99)',
      left: [
        props.api.metricLatency({ period, statistic: 'p50' }),
        props.api.metricLatency({ period, statistic: 'p99' }),
      ],
      width: 12,
    }),
  );
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: 'Function errors',
      left: fns.map((f) => f.metricErrors({ period })),
      width: 12,
    }),
    new cloudwatch.GraphWidget({
      title: 'Function throttles',
      left: fns.map((f) => f.metricThrottles({ period })),
      width: 12,
    }),
  );
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: 'Oldest message per queue (s)',
      left: Object.values(props.queues).map((q) =>
        q.metricApproximateAgeOfOldestMessage({ period, statistic: 'Maximum' }),
      ),
      width: 12,
    }),
    new cloudwatch.GraphWidget({
      title: 'Risk alerts opened, refused sign-ins, reconciliation breaks, SMS refused',
      left: [
        own(RISK_METRICS_NAMESPACE, 'AlertsOpened'),
        own(SECURITY_METRICS_NAMESPACE, 'SignInsFailed'),
        own(OPERATIONS_METRICS_NAMESPACE, 'ReconciliationBreaks'),
        own(SECURITY_METRICS_NAMESPACE, 'SmsSpendLimitReached'),
        own(SECURITY_METRICS_NAMESPACE, 'SmsPhoneLimitReached'),
      ],
      width: 12,
    }),
  );
  return dashboard;
}

/**
 * The stage's KPI dashboard (issue 14, M8.3-a): one graph per flow, one line per KPI, from
 * the metrics the daily KPI run publishes (namespace Finplat/KPI, the KPI's id as the metric
 * name). Built from the KPI definitions, so the dashboard, the API and docs/kpis.md agree.
 */
export function kpiDashboard(scope: Construct, config: StageConfig): cloudwatch.Dashboard {
  const dashboard = new cloudwatch.Dashboard(scope, 'KpiDashboard', {
    dashboardName: `Finplat-${config.stage}-KPIs`,
    defaultInterval: Duration.days(90),
  });
  const widgets = KPI_FLOWS.map(
    (flow) =>
      new cloudwatch.GraphWidget({
        title: `KPIs: ${flow}`,
        left: KPI_DEFINITIONS.filter((k) => k.flow === flow).map(
          (k) =>
            new cloudwatch.Metric({
              namespace: KPI_METRICS_NAMESPACE,
              metricName: k.id,
              dimensionsMap: { Stage: config.stage },
              period: Duration.days(1),
              statistic: 'Average',
              label: `${k.title} (${k.unit})`,
            }),
        ),
        width: 12,
      }),
  );
  for (let i = 0; i < widgets.length; i += 2) dashboard.addWidgets(...widgets.slice(i, i + 2));
  return dashboard;
}
