// Reads a synthesized API stack and tells who may do what to which resource, in names a
// reviewer knows (table:customers, key:pii), and which key protects which data. Used by
// the security report (npm run security-report) and the least-privilege tests.

export type Template = {
  Resources: Record<
    string,
    { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }
  >;
};

/** Readable names of resources, from the stable CDK logical-id prefixes. */
const NAMES: [RegExp, string][] = [
  [/CustomersTable/, 'table:customers'],
  [/AuditTable/, 'table:audit'],
  [/OutboxTable/, 'table:outbox'],
  [/LedgerTable\w*StreamArn/, 'stream:ledger'],
  [/LedgerTable/, 'table:ledger'],
  [/ProviderTable/, 'table:provider'],
  [/ProductsTable/, 'table:products'],
  [/RiskTable/, 'table:risk'],
  [/SettlementDlq/, 'queue:settlement-dlq'],
  [/SettlementQueue/, 'queue:settlement'],
  [/RiskEventsDlq/, 'queue:riskEvents-dlq'],
  [/RiskEventsQueue/, 'queue:riskEvents'],
  [/StreamFailures/, 'queue:stream-failures'],
  [/TableKey/, 'key:table'],
  [/PiiKey/, 'key:pii'],
  [/BlindIndexKey/, 'key:blindIndex'],
  [/QueueKey/, 'key:queue'],
  [/AlarmTopicKey/, 'key:alarms'],
  [/NotificationsDlq/, 'queue:notifications-dlq'],
  [/NotificationsQueue/, 'queue:notifications'],
  [/AlarmTopic/, 'topic:alarms'],
  [/RiskAlerts/, 'topic:riskAlerts'],
  [/StaffPool/, 'userPool:staff'],
  [/UserPool/, 'userPool:customers'],
];

export function resourceName(ref: unknown, ownLogGroup?: string): string {
  if (ref === '*') return '*';
  const text = JSON.stringify(ref);
  if (ownLogGroup && text.includes(`"${ownLogGroup}"`)) return 'logs:own';
  if (text.includes(':sns:*:*:*')) return 'sns:any-topic';
  for (const [re, name] of NAMES) if (re.test(text)) return name;
  return `unknown:${text}`;
}

export type Grant = `${'Allow' | 'Deny'} ${string} on ${string}`;

interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** A statement's conditions as one line: `if <key> <operator> <values>` (none: ''). */
function conditionText(condition: Statement['Condition']): string {
  if (!condition) return '';
  const parts = Object.entries(condition).flatMap(([op, byKey]) =>
    Object.entries(byKey).map(([key, v]) => `${key} ${op} ${[v].flat().map(String).join('|')}`),
  );
  return ` if ${parts.join(' and ')}`;
}

/** Every (effect, action, resource, conditions) the function's role has, by catalog name. */
export function functionGrants(api: Template): Map<string, Set<Grant>> {
  const out = new Map<string, Set<Grant>>();
  for (const [, fn] of Object.entries(api.Resources)) {
    if (fn.Type !== 'AWS::Lambda::Function') continue;
    const name = fn.Metadata?.['platform:function'];
    if (typeof name !== 'string') continue;
    const roleId = (fn.Properties?.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const logsId = (fn.Properties?.LoggingConfig as { LogGroup?: { Ref: string } } | undefined)
      ?.LogGroup?.Ref;
    const grants = new Set<Grant>();
    for (const policy of Object.values(api.Resources)) {
      if (policy.Type !== 'AWS::IAM::Policy') continue;
      const roles = (policy.Properties?.Roles as { Ref: string }[]).map((r) => r.Ref);
      if (!roles.includes(roleId)) continue;
      const doc = policy.Properties?.PolicyDocument as { Statement: Statement[] };
      for (const st of doc.Statement) {
        for (const action of [st.Action].flat()) {
          for (const res of [st.Resource].flat())
            grants.add(
              `${st.Effect} ${action} on ${resourceName(res, logsId)}${conditionText(st.Condition)}`,
            );
        }
      }
    }
    out.set(name, grants);
  }
  return out;
}

/** Which key encrypts each table, queue and topic of the given templates. */
export function encryptionMap(
  templates: Template[],
): { resource: string; type: string; key: string }[] {
  const rows: { resource: string; type: string; key: string }[] = [];
  for (const t of templates) {
    for (const [id, r] of Object.entries(t.Resources)) {
      const p = r.Properties ?? {};
      let key: unknown;
      if (r.Type === 'AWS::DynamoDB::Table')
        key = (p.SSESpecification as { KMSMasterKeyId?: unknown } | undefined)?.KMSMasterKeyId;
      else if (r.Type === 'AWS::SQS::Queue') key = p.KmsMasterKeyId;
      else if (r.Type === 'AWS::SNS::Topic') key = p.KmsMasterKeyId;
      else continue;
      rows.push({
        resource: resourceName(id),
        type: r.Type,
        key: key ? resourceName(key) : 'NONE',
      });
    }
  }
  return rows.sort((a, b) => a.resource.localeCompare(b.resource));
}
