// Drills against the local runtime (issue 12, emergency response): `npm run drill --
// <runbook>` puts the runbook's alarm into ALARM in the emulator; CloudWatch's notification
// reaches the alarm topic's subscriber (the local alarm notifier delivers it as SNS would)
// and the incident intake opens an incident; the drill then works it as on-call would
// (acknowledge, resolve) and clears the alarm, printing each step.
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  SetAlarmStateCommand,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import {
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  RestoreTableToPointInTimeCommand,
} from '@aws-sdk/client-dynamodb';
import { signInStaff } from './staff-sign-in';

export interface DrillTarget {
  readonly apiUrl: string;
  readonly endpoint: string;
  readonly region: string;
}

export interface DrillResult {
  readonly alarmName: string;
  readonly incidentId: string;
  readonly severity: string;
  readonly steps: readonly string[];
}

async function alarmsOf(cw: CloudWatchClient): Promise<MetricAlarm[]> {
  const out: MetricAlarm[] = [];
  let token: string | undefined;
  do {
    const page = await cw.send(new DescribeAlarmsCommand({ NextToken: token }));
    out.push(...(page.MetricAlarms ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

export async function runDrill(
  target: DrillTarget,
  runbook: string,
  log: (line: string) => void = () => undefined,
  opts: { alarmName?: string; timeoutMs?: number } = {},
): Promise<DrillResult> {
  const steps: string[] = [];
  const step = (line: string) => {
    steps.push(line);
    log(line);
  };
  const cw = new CloudWatchClient({
    endpoint: target.endpoint,
    region: target.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const candidates = (await alarmsOf(cw))
    .filter((a) => (a.AlarmDescription ?? '').includes(`docs/runbooks/${runbook}.md`))
    .sort((a, b) => (a.AlarmName ?? '').localeCompare(b.AlarmName ?? ''));
  const alarm = opts.alarmName
    ? candidates.find((a) => a.AlarmName === opts.alarmName)
    : candidates[0];
  if (!alarm?.AlarmName)
    throw new Error(`no alarm of this stage names docs/runbooks/${runbook}.md`);
  const alarmName = alarm.AlarmName;
  step(`1. alarm ${alarmName}: ${alarm.AlarmDescription ?? ''}`);

  const token = (await signInStaff(target.apiUrl, { group: 'risk-officer' })).idToken;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${target.apiUrl}${path}`, {
      method,
      headers: { authorization: token, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  await cw.send(
    new SetAlarmStateCommand({
      AlarmName: alarmName,
      StateValue: 'ALARM',
      StateReason: `Drill of runbook ${runbook} at ${new Date().toISOString()}`,
    }),
  );
  step('2. alarm set to ALARM in the emulator; CloudWatch notifies the alarm topic');

  type Summary = { incidentId: string; alarm?: string; status: string };
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  let found: Summary | undefined;
  while (!found && Date.now() < deadline) {
    const list = await call('GET', '/v1/ops/incidents?status=OPEN');
    found = (list.body.items as Summary[] | undefined)?.find((i) => i.alarm === alarmName);
    if (!found) await new Promise((r) => setTimeout(r, 250));
  }
  if (!found) throw new Error(`no incident opened for ${alarmName} within the time allowed`);
  const opened = await call('GET', `/v1/ops/incidents/${found.incidentId}`);
  const severity = String(opened.body.severity);
  step(
    `3. the incident intake opened ${found.incidentId}: ${severity}, runbook docs/runbooks/${String(opened.body.runbook)}.md`,
  );

  const acked = await call('POST', `/v1/ops/incidents/${found.incidentId}/actions`, {
    action: 'ACKNOWLEDGE',
    version: opened.body.version,
    note: 'drill: on-call acknowledges',
  });
  const ack = (acked.body.targets as { acknowledge: { minutes: number; targetMinutes: number } })
    .acknowledge;
  step(
    `4. acknowledged by staff.risk-officer after ${ack.minutes} min (target ${ack.targetMinutes} min)`,
  );
  const resolved = await call('POST', `/v1/ops/incidents/${found.incidentId}/actions`, {
    action: 'RESOLVE',
    version: acked.body.version,
    note: 'drill: no real fault; resolved',
  });
  if (resolved.status !== 200) throw new Error(`resolve: ${resolved.status}`);
  step('5. resolved (closing needs a post-mortem: cause, impact, actions with owners and dates)');

  await cw.send(
    new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: 'OK', StateReason: 'Drill over' }),
  );
  step('6. alarm back to OK');
  return { alarmName, incidentId: found.incidentId, severity, steps };
}

/**
 * The restore drill (docs/procedures/restore-a-table.md): restores a table to a point in
 * time into a new table, as the procedure does, and checks what it can. The emulator copies
 * the table as it is now (it ignores `RestoreDateTime`): a marker written after the restore
 * point is therefore present in the copy here, and would not be in AWS; the drill says so.
 */
export async function runRestoreDrill(
  target: Pick<DrillTarget, 'endpoint' | 'region'>,
  table: string,
  log: (line: string) => void = () => undefined,
): Promise<{ restoredTable: string; steps: readonly string[] }> {
  const steps: string[] = [];
  const step = (line: string) => {
    steps.push(line);
    log(line);
  };
  const ddb = new DynamoDBClient({
    endpoint: target.endpoint,
    region: target.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const pitr = await ddb.send(new DescribeContinuousBackupsCommand({ TableName: table }));
  const status =
    pitr.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus;
  if (status !== 'ENABLED') throw new Error(`${table}: point-in-time recovery is ${status}`);
  step(`1. ${table}: point-in-time recovery ENABLED`);
  const drill = `DRILL#${Date.now()}`;
  await ddb.send(
    new PutItemCommand({ TableName: table, Item: { pk: { S: drill }, sk: { S: 'BEFORE' } } }),
  );
  await new Promise((r) => setTimeout(r, 1_100));
  const restorePoint = new Date();
  await new Promise((r) => setTimeout(r, 1_100));
  await ddb.send(
    new PutItemCommand({ TableName: table, Item: { pk: { S: drill }, sk: { S: 'AFTER' } } }),
  );
  step(`2. marker written before and after the restore point ${restorePoint.toISOString()}`);
  const source = (await ddb.send(new DescribeTableCommand({ TableName: table }))).Table;
  const restored = `${table}-restore-${Date.now()}`;
  await ddb.send(
    new RestoreTableToPointInTimeCommand({
      SourceTableName: table,
      TargetTableName: restored,
      RestoreDateTime: restorePoint,
      // A restored table is encrypted with an AWS-owned key unless told: keep the stage's key.
      ...(source?.SSEDescription?.KMSMasterKeyArn
        ? {
            SSESpecificationOverride: {
              Enabled: true,
              SSEType: 'KMS',
              KMSMasterKeyId: source.SSEDescription.KMSMasterKeyArn,
            },
          }
        : {}),
    }),
  );
  step(`3. restored to ${restored}`);
  const copy = (await ddb.send(new DescribeTableCommand({ TableName: restored }))).Table;
  if (JSON.stringify(copy?.KeySchema) !== JSON.stringify(source?.KeySchema))
    throw new Error('the restored table has another key schema');
  const marker = async (sk: string) =>
    (
      await ddb.send(
        new GetItemCommand({ TableName: restored, Key: { pk: { S: drill }, sk: { S: sk } } }),
      )
    ).Item !== undefined;
  if (!(await marker('BEFORE')))
    throw new Error('the restored table lacks the marker written before the point');
  step('4. the copy has the source key schema and the marker written before the point');
  const after = await marker('AFTER');
  step(
    after
      ? '5. the marker written after the point is in the copy too: the emulator ignores RestoreDateTime (in AWS it would be absent); checked here: key schema, content up to the point'
      : '5. the marker written after the point is not in the copy, as in AWS',
  );
  await ddb.send(new DeleteTableCommand({ TableName: restored }));
  for (const sk of ['BEFORE', 'AFTER'])
    await ddb.send(
      new DeleteItemCommand({ TableName: table, Key: { pk: { S: drill }, sk: { S: sk } } }),
    );
  step(
    `6. ${restored} deleted and the markers removed (the procedure then re-enables PITR, streams and TTL on a table it keeps)`,
  );
  return { restoredTable: restored, steps };
}
