// M2.5-a, M6.1-a least privilege: each function's role allows exactly the actions on
// exactly the resources its catalog entry asks for, and nothing else.
import { describe, expect, it } from 'vitest';
import {
  FUNCTIONS,
  STAGE_SCOPED_TABLES,
  type FunctionSpec,
  type QueueName,
  type TableName,
  type TopicName,
} from '../../functions/catalog';
import { QUEUE_TIER, TABLE_TIER, TOPIC_TIER } from '../../functions/tiers';
import { STAGES } from '../../infra/config';
import { functionGrants, type Grant } from '../../infra/report/access';
import { synthStage } from '../../infra/report/synth';

const TABLE = {
  read: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
  ],
  write: [
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
  ],
};

/** What the catalog entry says the role may do, written out independently of the stack. */
function expectedGrants(spec: FunctionSpec, stage: string): Set<Grant> {
  const out = new Set<Grant>([
    'Allow logs:CreateLogStream on logs:own',
    'Allow logs:PutLogEvents on logs:own',
    'Allow xray:PutTraceSegments on *',
    'Allow xray:PutTelemetryRecords on *',
  ]);
  const a = spec.access;
  for (const [t, level] of Object.entries(a.tables ?? {})) {
    const scoped = STAGE_SCOPED_TABLES[t as TableName];
    if (scoped && !scoped.includes(stage)) continue;
    if (level === 'append') {
      // Records put only under their prefixes, heads read and moved only under theirs.
      const leading = (prefixes: string[]) =>
        ` if dynamodb:LeadingKeys ForAllValues:StringLike ${prefixes.join('|')}`;
      out.add(
        `Allow dynamodb:PutItem on table:${t}${leading(['CHAIN#*', 'CUST#*', 'STAFF#*', 'OPS#*'])}`,
      );
      for (const x of ['dynamodb:GetItem', 'dynamodb:UpdateItem'])
        out.add(`Allow ${x} on table:${t}${leading(['HEAD#*'])}`);
      for (const x of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'])
        out.add(`Allow ${x} on key:${TABLE_TIER[t as TableName]}`);
      continue;
    }
    // Levels granted by key prefix: (actions, prefix) pairs, and the table key's use.
    const prefixed = (
      {
        waiting: [[['dynamodb:Query', 'dynamodb:DeleteItem'], 'WAIT#UNFREEZE#*']],
        quota: [[['dynamodb:UpdateItem'], 'QUOTA#*']],
        kriCount: [[['dynamodb:UpdateItem'], 'KRI#COUNT#*']],
        raiseAlert: [[['dynamodb:PutItem'], 'ALERTS#*']],
        forgetFingerprint: [[['dynamodb:DeleteItem'], 'FPRINT#*']],
        keepFingerprint: [[['dynamodb:UpdateItem'], 'FPRINT#*']],
        rescreen: [
          [['dynamodb:GetItem', 'dynamodb:Query'], 'WL#*'],
          [['dynamodb:Query'], 'FPRINT#*'],
          [['dynamodb:GetItem', 'dynamodb:PutItem'], 'SCREEN#*'],
        ],
        screeningResults: [[['dynamodb:GetItem', 'dynamodb:BatchGetItem'], 'SCREEN#*']],
        ruleSwitch: [
          [
            ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
            'SWITCH#*',
          ],
          [['dynamodb:GetItem'], 'RULESETS*'],
        ],
        switch: [
          [['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], 'SWITCH#*'],
          [['dynamodb:Query', 'dynamodb:DeleteItem'], 'WAIT#RESUME#*'],
        ],
      } as Record<string, [string[], string][]>
    )[level];
    if (prefixed) {
      for (const [actions, prefix] of prefixed)
        for (const x of actions)
          out.add(
            `Allow ${x} on table:${t} if dynamodb:LeadingKeys ForAllValues:StringLike ${prefix}`,
          );
      for (const x of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'])
        out.add(`Allow ${x} on key:${TABLE_TIER[t as TableName]}`);
      continue;
    }
    const actions =
      level === 'read'
        ? TABLE.read
        : level === 'scan'
          ? [...TABLE.read, 'dynamodb:Scan']
          : level === 'readWriteScan'
            ? [...TABLE.read, ...TABLE.write, 'dynamodb:Scan']
            : level === 'write'
              ? TABLE.write
              : level === 'update'
                ? ['dynamodb:UpdateItem']
                : level === 'check'
                  ? ['dynamodb:ConditionCheckItem']
                  : [...TABLE.read, ...TABLE.write];
    for (const x of actions) out.add(`Allow ${x} on table:${t}`);
    const key = `key:${TABLE_TIER[t as TableName]}`;
    out.add(`Allow kms:Decrypt on ${key}`);
    if (level !== 'read' && level !== 'check' && level !== 'scan') {
      out.add(`Allow kms:Encrypt on ${key}`);
      out.add(`Allow kms:GenerateDataKey on ${key}`);
    }
  }
  for (const [k, level] of Object.entries(a.keys ?? {})) {
    const actions = {
      encrypt: ['kms:GenerateDataKey'],
      decrypt: ['kms:Decrypt'],
      encryptDecrypt: ['kms:GenerateDataKey', 'kms:Decrypt'],
      mac: ['kms:GenerateMac'],
    }[level];
    for (const x of actions) out.add(`Allow ${x} on key:${k}`);
  }
  for (const t of Object.keys(a.topics ?? {})) {
    out.add(`Allow sns:Publish on topic:${t}`);
    for (const x of ['kms:GenerateDataKey', 'kms:Decrypt'])
      out.add(`Allow ${x} on key:${TOPIC_TIER[t as TopicName]}`);
  }
  for (const [q, level] of Object.entries(a.queues ?? {})) {
    if (level === 'send') {
      for (const x of ['sqs:SendMessage', 'sqs:GetQueueAttributes'])
        out.add(`Allow ${x} on queue:${q}`);
      for (const x of ['kms:GenerateDataKey', 'kms:Decrypt'])
        out.add(`Allow ${x} on key:${QUEUE_TIER[q as QueueName]}`);
    }
  }
  if (spec.consumes) {
    for (const x of [
      'sqs:ReceiveMessage',
      'sqs:ChangeMessageVisibility',
      'sqs:GetQueueUrl',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
    ]) {
      out.add(`Allow ${x} on queue:${spec.consumes.queue}`);
    }
    out.add(`Allow kms:Decrypt on key:${QUEUE_TIER[spec.consumes.queue]}`);
  }
  if (spec.streams) {
    // Lambda's stream reader: the table's stream, its key to decrypt records, and the
    // stream-failures queue for what is given up after the retries.
    for (const x of ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'])
      out.add(`Allow ${x} on stream:${spec.streams.table}`);
    out.add('Allow dynamodb:ListStreams on *');
    out.add(`Allow kms:Decrypt on key:${TABLE_TIER[spec.streams.table]}`);
    out.add(`Allow kms:DescribeKey on key:${TABLE_TIER[spec.streams.table]}`);
    for (const x of ['sqs:SendMessage', 'sqs:GetQueueAttributes'])
      out.add(`Allow ${x} on queue:stream-failures`);
    for (const x of ['kms:GenerateDataKey', 'kms:Decrypt']) out.add(`Allow ${x} on key:operations`);
  }
  if (spec.scheduleMinutes || spec.subscribes) {
    // Invoked asynchronously: its dead-letter queue, sends only.
    out.add('Allow sqs:SendMessage on queue:async-failures');
    for (const x of ['kms:GenerateDataKey', 'kms:Decrypt']) out.add(`Allow ${x} on key:operations`);
  }
  for (const x of a.userPool ?? []) out.add(`Allow cognito-idp:${x} on userPool:customers`);
  for (const x of a.staffPool ?? []) out.add(`Allow cognito-idp:${x} on userPool:staff`);
  if (a.sms) {
    out.add('Allow sns:Publish on *');
    out.add('Deny sns:Publish on sns:any-topic');
  }
  return out;
}

describe.each(STAGES)('IAM in stage %s (M2.5-a, M6.1-a)', (stage) => {
  const byName = functionGrants(synthStage(stage).templates.Functions);

  it.each([...byName.keys()])(
    'M2.5-a gives %s exactly the grants its catalog entry lists',
    (name) => {
      const actual = [...(byName.get(name) ?? [])].sort();
      const expected = [...expectedGrants(FUNCTIONS[name as keyof typeof FUNCTIONS], stage)].sort();
      expect(actual).toEqual(expected);
    },
  );

  it("M2.5-a lets only the notifier and the customer's own export (M7.1-a) decrypt PII and only the notifier send SMS; public documents touch no data", () => {
    const decryptors = [...byName]
      .filter(([, g]) => g.has('Allow kms:Decrypt on key:pii'))
      .map(([n]) => n)
      .sort();
    expect(decryptors).toEqual(['customerDataRights', 'notifier']);
    const sms = [...byName].filter(([, g]) => g.has('Allow sns:Publish on *')).map(([n]) => n);
    expect(sms).toEqual(['notifier']);
    for (const pub of ['legalDocuments', 'openapi']) {
      const grants = [...(byName.get(pub) ?? [])];
      expect(grants.filter((g) => /dynamodb|kms|sqs|sns|cognito/.test(g))).toEqual([]);
    }
  });

  it('M2.3-b lets no customer function enqueue settlement: only the ledger stream, the release schedule, staff retry, a staff unfreeze and restarting settlement', () => {
    const senders = [...byName]
      .filter(([, g]) => g.has('Allow sqs:SendMessage on queue:settlement'))
      .map(([n]) => n)
      .sort();
    expect(senders).toEqual([
      'ledgerStream',
      'opsCustomerStatus',
      'opsRetry',
      'opsSwitches',
      'settlementRelease',
    ]);
  });

  it('M2.5-c M7.1-a Medium finding (the PII-access audit table can be changed): no function may delete, batch-write or update an audit record; records are put only under their prefixes', () => {
    const onAudit = [...byName].flatMap(([n, grants]) =>
      [...grants].filter((g) => g.includes(' on table:audit')).map((g) => `${n}: ${g}`),
    );
    expect(onAudit.length).toBeGreaterThan(0);
    for (const g of onAudit) {
      expect(g).not.toMatch(/DeleteItem|BatchWriteItem/);
      if (/UpdateItem|PutItem/.test(g)) expect(g).toMatch(/LeadingKeys ForAllValues:StringLike/);
      if (g.includes('UpdateItem')) expect(g).toMatch(/StringLike HEAD#\*$/);
    }
  });

  it("M2.5-a High finding (staff share the customers' pool; register and verify could make anyone admin): only the audited staff flow has any right on the staff pool, and no customer-side function has any", () => {
    const onStaff = [...byName]
      .filter(([, g]) => [...g].some((x) => x.endsWith(' on userPool:staff')))
      .map(([n]) => n);
    expect(onStaff).toEqual(['opsStaff']);
    const groupAdders = [...byName]
      .filter(([, g]) => g.has('Allow cognito-idp:AdminAddUserToGroup on userPool:staff'))
      .map(([n]) => n);
    expect(groupAdders).toEqual(['opsStaff']);
    // The customers' pool holds no staff group: adding to a group there makes no one staff.
    const groups = Object.values(synthStage(stage).templates.Auth.Resources)
      .filter((r) => r.Type === 'AWS::Cognito::UserPoolGroup')
      .map((r) => JSON.stringify(r.Properties?.UserPoolId) + ' ' + String(r.Properties?.GroupName));
    expect(groups.filter((g) => g.includes('UserPool') && !g.includes('StaffPool'))).toEqual([
      expect.stringMatching(/ customers$/),
    ]);
  });

  it('M2.5-a Low finding (blind-index MAC for functions that do not compute an index): only the functions that compute an index may use its key; the notifier may not', () => {
    const macsWith = (key: string) =>
      [...byName]
        .filter(([, g]) => [...g].some((x) => x === `Allow kms:GenerateMac on key:${key}`))
        .map(([n]) => n)
        .sort();
    expect(macsWith('blindIndex')).toEqual(
      [
        'login',
        'register',
        'transfer',
        'verifyRegistration',
        ...(stage === 'local' ? ['localOutbox'] : []),
      ].sort(),
    );
    // AML screening fingerprints have their own HMAC key (ADR 0031): registration makes them,
    // re-screening matches a list update's keys against them; neither derives another index.
    expect(macsWith('screening')).toEqual(['register', 'rescreener']);
  });

  it('M2.5-a allows a wildcard resource only for X-Ray, SMS publishing and listing streams', () => {
    expect(byName.size).toBeGreaterThanOrEqual(8);
    for (const [name, grants] of byName) {
      for (const g of grants) {
        if (g.endsWith(' on *')) {
          expect(g, name).toMatch(
            /^Allow (xray:PutTraceSegments|xray:PutTelemetryRecords|sns:Publish|dynamodb:ListStreams) on \*$/,
          );
        }
      }
    }
  });
});
