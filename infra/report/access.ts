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
  [/ComplianceTable/, 'table:compliance'],
  [/ServiceTable/, 'table:service'],
  [/CustomerKeysTable/, 'table:customerKeys'],
  [/SettlementDlq/, 'queue:settlement-dlq'],
  [/SettlementQueue/, 'queue:settlement'],
  [/RiskEventsDlq/, 'queue:riskEvents-dlq'],
  [/RiskEventsQueue/, 'queue:riskEvents'],
  [/MarketRiskDlq/, 'queue:marketRisk-dlq'],
  [/MarketRiskQueue/, 'queue:marketRisk'],
  [/RescreeningDlq/, 'queue:rescreening-dlq'],
  [/RescreeningQueue/, 'queue:rescreening'],
  [/StreamFailures/, 'queue:stream-failures'],
  [/AsyncFailures/, 'queue:async-failures'],
  [/CoreKey/, 'key:core'],
  [/AuxiliaryKey/, 'key:auxiliary'],
  [/OperationsKey/, 'key:operations'],
  [/PiiKey/, 'key:pii'],
  [/BlindIndexKey/, 'key:blindIndex'],
  [/ScreeningKey/, 'key:screening'],
  [/AlarmTopicKey/, 'key:alarms'],
  [/LogKey/, 'key:logs'],
  [/BackupKey/, 'key:backup'],
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
    Object.entries(byKey).map(
      ([key, v]) =>
        `${key} ${op} ${[v]
          .flat()
          .map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x)))
          .join('|')}`,
    ),
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

/** A key policy statement, as a reviewer reads it. */
export interface KeyPolicyLine {
  readonly key: string;
  readonly effect: string;
  readonly principal: string;
  readonly actions: string;
  readonly conditions: string;
}

function principalText(p: unknown): string {
  if (p === '*') return '*';
  const text = JSON.stringify(p);
  if (/:root/.test(text)) return 'this account (IAM policies decide)';
  const attr = (p as { AWS?: { 'Fn::GetAtt'?: [string, string] } } | undefined)?.AWS?.[
    'Fn::GetAtt'
  ];
  if (attr) return `role ${attr[0]} (this stack)`;
  const arns = [(p as { AWS?: unknown } | undefined)?.AWS ?? []].flat();
  if (arns.length && arns.every((a) => typeof a === 'string'))
    return arns.map((a) => String(a).replace(/^.*:role\//, 'role/')).join(', ');
  const service = (p as { Service?: unknown } | undefined)?.Service;
  if (service) return [service].flat().map(String).join(', ');
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Every statement of every KMS key policy, by readable key name. */
export function keyPolicies(templates: Template[]): KeyPolicyLine[] {
  const out: KeyPolicyLine[] = [];
  for (const t of templates)
    for (const [id, r] of Object.entries(t.Resources)) {
      if (r.Type !== 'AWS::KMS::Key') continue;
      const doc = r.Properties?.KeyPolicy as { Statement: (Statement & { Principal?: unknown })[] };
      for (const st of doc.Statement) {
        // The account's root with an aws:PrincipalArn condition is "these roles only".
        const { ArnEquals, ...rest } = (st.Condition ?? {}) as Record<
          string,
          Record<string, unknown>
        >;
        const { 'aws:PrincipalArn': arns, ...otherArnConditions } = ArnEquals ?? {};
        const roles = [arns ?? []].flat().map((a) => String(a).replace(/^.*:role\//, 'role/'));
        const conditions = {
          ...rest,
          ...(Object.keys(otherArnConditions).length ? { ArnEquals: otherArnConditions } : {}),
        };
        out.push({
          key: resourceName(id),
          effect: st.Effect,
          principal: roles.length
            ? `only ${roles.join(', ')} (IAM policy and this)`
            : principalText(st.Principal),
          actions: [st.Action].flat().join(', '),
          conditions: conditionText(
            Object.keys(conditions).length ? (conditions as Statement['Condition']) : undefined,
          ).replace(/^ if /, ''),
        });
      }
    }
  return out;
}

/**
 * Who can have data decrypted, per key: the functions whose roles may use the key directly
 * (kms:Decrypt, GenerateMac), and, for the table key, those that read a table it protects
 * (DynamoDB decrypts for any caller allowed to read the table).
 */
export function decryptors(
  functions: Map<string, Set<Grant>>,
  encryption: { resource: string; key: string }[],
): { key: string; direct: string[]; throughTables: string[] }[] {
  const keys = [
    ...new Set(encryption.map((e) => e.key).concat(['key:pii', 'key:blindIndex', 'key:screening'])),
  ];
  return keys
    .filter((k) => k !== 'NONE')
    .sort()
    .map((key) => {
      const direct = [...functions]
        .filter(([, g]) =>
          [...g].some(
            (x) => /^Allow kms:(Decrypt|GenerateMac) on /.test(x) && x.includes(` on ${key}`),
          ),
        )
        .map(([n]) => n)
        .sort();
      const tables = encryption.filter((e) => e.key === key && e.resource.startsWith('table:'));
      const throughTables = [...functions]
        .filter(([, g]) =>
          [...g].some((x) =>
            tables.some((t) =>
              new RegExp(`^Allow dynamodb:(GetItem|Query|BatchGetItem) on ${t.resource}\\b`).test(
                x,
              ),
            ),
          ),
        )
        .map(([n]) => n)
        .sort();
      return { key, direct, throughTables };
    });
}

/** IAM roles that are not a platform function's (service roles), with what they may do. */
export function otherRoles(
  templates: Template[],
): { role: string; assumedBy: string; may: string }[] {
  const out: { role: string; assumedBy: string; may: string }[] = [];
  for (const t of templates) {
    const functionRoles = new Set(
      Object.values(t.Resources)
        .filter((r) => r.Type === 'AWS::Lambda::Function')
        .map((r) => JSON.stringify(r.Properties?.Role ?? '').match(/"([A-Za-z0-9]+)"/)?.[1]),
    );
    for (const [id, r] of Object.entries(t.Resources)) {
      if (r.Type !== 'AWS::IAM::Role' || functionRoles.has(id)) continue;
      const trust = r.Properties?.AssumeRolePolicyDocument as {
        Statement: { Principal?: unknown }[];
      };
      const managed = ((r.Properties?.ManagedPolicyArns as unknown[]) ?? []).map((m) =>
        JSON.stringify(m)
          .replace(/.*policy\//, '')
          .replace(/["\]}]+$/, ''),
      );
      const inline = Object.values(t.Resources)
        .filter(
          (p) =>
            p.Type === 'AWS::IAM::Policy' &&
            JSON.stringify(p.Properties?.Roles ?? []).includes(`"${id}"`),
        )
        .flatMap((p) => (p.Properties?.PolicyDocument as { Statement: Statement[] }).Statement)
        .map(
          (st) =>
            `${st.Effect} ${[st.Action].flat().join(', ')} on ${[st.Resource]
              .flat()
              .map((x) => resourceName(x))
              .join(', ')}`,
        );
      out.push({
        role: id,
        assumedBy: trust.Statement.map((s) => principalText(s.Principal)).join(', '),
        may: [...managed.map((m) => `managed policy ${m}`), ...inline].join('; ') || 'nothing',
      });
    }
  }
  return out.sort((a, b) => a.role.localeCompare(b.role));
}
