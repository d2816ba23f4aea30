// Isolation by tier and the key policies (M4.3-a, M2.5-b, M6.2-a; ADR 0022), proven on the
// synthesized templates of every stage: each tier's data is under its own key, a function
// reaches another tier's tables and queues only through a grant functions/tiers.ts documents,
// and each key's policy lets exactly the roles that use it do exactly what they use.
import { describe, expect, it } from 'vitest';
import { functionsForStage, type FunctionName } from '../../functions/catalog';
import {
  CROSS_TIER_GRANTS,
  FUNCTION_TIER,
  QUEUE_TIER,
  TABLE_TIER,
  TIERS,
} from '../../functions/tiers';
import { loadStageConfig, STAGES } from '../../infra/config';
import { ADMIN_ACTIONS, functionRoleArn } from '../../infra/constructs/key-policy';
import { encryptionMap, functionGrants, resourceName } from '../../infra/report/access';
import { synthStage, type Template } from '../../infra/report/synth';

interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

function keyStatements(t: Template): Map<string, Statement[]> {
  const out = new Map<string, Statement[]>();
  for (const [id, r] of Object.entries(t.Resources)) {
    if (r.Type !== 'AWS::KMS::Key') continue;
    out.set(resourceName(id), (r.Properties?.KeyPolicy as { Statement: Statement[] }).Statement);
  }
  return out;
}

const actionsOf = (s: Statement) => [s.Action].flat();
const rolesOf = (s: Statement) => [s.Condition?.ArnEquals?.['aws:PrincipalArn'] ?? []].flat();
/** Whether an IAM action pattern (kms:Get*) covers an action. */
const covers = (pattern: string, action: string) =>
  new RegExp(`^${pattern.replaceAll('*', '.*')}$`).test(action);

describe.each(STAGES)('tiers and keys in stage %s', (stage) => {
  const { templates } = synthStage(stage);
  const config = loadStageConfig(stage);
  const grants = functionGrants(templates.Functions);
  const keys = new Map([...keyStatements(templates.Data), ...keyStatements(templates.Monitoring)]);

  it('M4.3-a core, auxiliary and operations data are each under their own key, and each function has a role of its own', () => {
    const encryption = encryptionMap([templates.Data, templates.Messaging]);
    for (const { resource, key } of encryption) {
      const [kind, name] = resource.split(':') as [string, string];
      if (kind === 'table') expect(key, resource).toBe(`key:${TABLE_TIER[name as never]}`);
    }
    expect(encryption.find((e) => e.resource === 'queue:settlement')?.key).toBe('key:core');
    expect(encryption.find((e) => e.resource === 'queue:riskEvents')?.key).toBe('key:operations');
    for (const tier of TIERS) expect(keys.has(`key:${tier}`), tier).toBe(true);
    const roles = Object.values(templates.Functions.Resources)
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map((r) => JSON.stringify(r.Properties?.Role));
    expect(new Set(roles).size).toBe(roles.length);
  });

  it("M4.3-a a function reaches another tier's tables and queues only through a grant functions/tiers.ts documents, and every documented grant is in use", () => {
    const used = new Set<string>();
    for (const [fn, spec] of functionsForStage(stage)) {
      const own = FUNCTION_TIER[fn];
      const crossings: string[] = [];
      for (const [t, level] of Object.entries(spec.access.tables ?? {}))
        if (TABLE_TIER[t as never] !== own) crossings.push(`table:${t}:${level}`);
      for (const [q, level] of Object.entries(spec.access.queues ?? {}))
        if (QUEUE_TIER[q as never] !== own) crossings.push(`queue:${q}:${level}`);
      for (const c of crossings) {
        const doc = CROSS_TIER_GRANTS.find((g) => `${g.resource}:${g.access}` === c && g.fn === fn);
        expect(doc, `${fn} (${own}) -> ${c} is not documented in functions/tiers.ts`).toBeDefined();
        used.add(`${fn}:${c}`);
      }
      // The roles agree: no table grant on another tier's table beyond the catalog's.
      for (const g of grants.get(fn) ?? []) {
        const table = /^Allow dynamodb:\w+ on table:(\w+)/.exec(g)?.[1];
        if (table && TABLE_TIER[table as never] !== own)
          expect(
            crossings.some((c) => c.startsWith(`table:${table}:`)),
            `${fn}: ${g}`,
          ).toBe(true);
      }
    }
    const stageFns = new Set(functionsForStage(stage).map(([n]) => n));
    const stale = CROSS_TIER_GRANTS.filter(
      (g) => stageFns.has(g.fn) && !used.has(`${g.fn}:${g.resource}:${g.access}`),
    );
    expect(stale).toEqual([]);
    for (const g of CROSS_TIER_GRANTS) expect(g.reason.length, g.fn).toBeGreaterThan(30);
  });

  it('M6.2-a Medium finding (key policies grant only root kms:*): no key grants kms:* or leaves use to IAM alone; administrators manage and cannot use; every function use is named by role, through its service', () => {
    for (const [key, statements] of keys) {
      for (const s of statements) {
        expect(actionsOf(s), `${key} ${s.Sid}`).not.toContain('kms:*');
        if (JSON.stringify(s.Principal).includes(':root')) {
          expect(
            rolesOf(s).length,
            `${key} ${s.Sid}: root without a role condition`,
          ).toBeGreaterThan(0);
        }
      }
      const admins = statements.filter((s) => s.Sid?.startsWith('KeyAdministrat'));
      expect(admins.length, key).toBeGreaterThan(0);
      expect(JSON.stringify(admins[0]?.Principal)).toContain('cfn-exec-role');
      for (const admin of [...admins, ...statements.filter((s) => s.Sid === 'KeyAdministrators')]) {
        expect(actionsOf(admin)).toEqual(expect.arrayContaining(ADMIN_ACTIONS));
        for (const pattern of actionsOf(admin))
          for (const use of [
            'kms:Decrypt',
            'kms:Encrypt',
            'kms:GenerateDataKey',
            'kms:GenerateMac',
            'kms:ReEncryptFrom',
            'kms:CreateGrant',
          ])
            expect(covers(pattern, use), `${key}: admin ${pattern} covers ${use}`).toBe(false);
      }
      // CloudFormation's role uses a key only through the services that hold the data, and
      // grants only for AWS resources.
      for (const s of statements.filter((x) => x.Sid?.startsWith('Deployment'))) {
        expect(s.Condition?.StringEquals?.['kms:ViaService'], `${key} ${s.Sid}`).toBeDefined();
        if (actionsOf(s).includes('kms:CreateGrant'))
          expect(JSON.stringify(s.Condition)).toContain('"kms:GrantIsForAWSResource":"true"');
      }
      for (const s of statements.filter((x) => x.Sid?.startsWith('FunctionUse'))) {
        if (key === 'key:pii' || key === 'key:blindIndex' || key === 'key:screening') continue;
        expect(s.Condition?.StringEquals?.['kms:ViaService'], `${key} ${s.Sid}`).toBeDefined();
      }
    }
  });

  it("M2.5-b Medium finding (PII decryption): only the notifier, for phone and SMS code, the customer's own export (M7.1-a), for the four PII fields and never the code, and the break-glass role may decrypt PII; every PII request is bound to the pii purpose", () => {
    const pii = keys.get('key:pii') ?? [];
    const decrypting = pii.filter((s) => actionsOf(s).some((a) => covers(a, 'kms:Decrypt')));
    const byRole = decrypting.filter(
      (s) => !s.Sid?.startsWith('KeyAdministrat') && s.Sid !== 'BreakGlassDecryptsPii',
    );
    expect(decrypting.some((s) => s.Sid === 'BreakGlassDecryptsPii')).toBe(
      config.keys.breakGlass.length > 0,
    );
    const fieldsOf = (fn: FunctionName) =>
      byRole.find((s) => rolesOf(s).includes(functionRoleArn(config, fn)))?.Condition
        ?.StringEquals?.['kms:EncryptionContext:field'];
    expect(byRole.flatMap((s) => rolesOf(s)).sort()).toEqual(
      [functionRoleArn(config, 'customerDataRights'), functionRoleArn(config, 'notifier')].sort(),
    );
    expect(fieldsOf('notifier')).toEqual(['otp', 'phone']);
    expect(fieldsOf('customerDataRights')).toEqual(['bankCard', 'idNumber', 'name', 'phone']);
    for (const s of pii.filter((x) => !x.Sid?.startsWith('KeyAdministrat')))
      expect(s.Condition?.StringEquals?.['kms:EncryptionContext:purpose'], s.Sid).toBe('pii');
  });

  it("M2.5-a M6.2-a each key's policy lets a function's role do exactly what its IAM policy asks of that key", () => {
    for (const [fn, g] of grants) {
      const arn = functionRoleArn(config, fn as FunctionName);
      for (const grant of g) {
        const m = /^Allow (kms:\w+) on (key:\w+)$/.exec(grant);
        if (!m) continue;
        const [, action, key] = m as unknown as [string, string, string];
        const allowed = (keys.get(key) ?? []).some(
          (s) => rolesOf(s).includes(arn) && actionsOf(s).includes(action as string),
        );
        expect(allowed, `${fn}: ${action} on ${key} allowed by IAM but not by the key policy`).toBe(
          true,
        );
      }
    }
    for (const [key, statements] of keys) {
      for (const s of statements.filter((x) => x.Sid?.startsWith('FunctionUse'))) {
        for (const arn of rolesOf(s)) {
          const fn = arn.split('/').pop()?.replace(`finplat-${stage}-`, '') ?? '';
          for (const action of actionsOf(s)) {
            expect(
              grants.get(fn)?.has(`Allow ${action} on ${key}`),
              `${key} lets ${fn} ${action} unused`,
            ).toBe(true);
          }
        }
      }
    }
  });
});
