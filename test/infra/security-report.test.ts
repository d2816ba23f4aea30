import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STAGES } from '../../infra/config';
import { routesForStage } from '../../functions/routes';
import { securityReport } from '../../scripts/security-report';

describe('security report (docs/security)', () => {
  it.each(STAGES)(
    'M6.1-a is current for %s (run `npm run security-report` after changing grants)',
    (stage) => {
      const onDisk = readFileSync(
        new URL(`../../docs/security/${stage}.md`, import.meta.url),
        'utf8',
      );
      expect(onDisk).toBe(securityReport(stage));
    },
  );

  it('M2.5-b states that every table, queue and topic is under a customer-managed key', () => {
    const report = securityReport('prod');
    const rows = report
      .split('\n')
      .filter((l) => /\| AWS::(DynamoDB::Table|SQS::Queue|SNS::Topic) \|/.test(l));
    // customers, audit, ledger, products, risk; 5 queues with their DLQs, stream and async
    // failures; the alarm and risk-alert topics. Each under its tier's key (ADR 0021).
    // And the customer keys (crypto-shredding, ADR 0030).
    expect(rows.length).toBe(22);
    for (const row of rows) expect(row).toMatch(/\| key:(core|auxiliary|operations|alarms) \|$/);
    const keyOf = (name: string) => rows.find((r) => r.startsWith(`| ${name} |`))?.split('|')[3];
    expect(keyOf('table:ledger')?.trim()).toBe('key:core');
    expect(keyOf('table:customers')?.trim()).toBe('key:auxiliary');
    expect(keyOf('queue:marketRisk')?.trim()).toBe('key:operations');
    expect(keyOf('queue:marketRisk-dlq')?.trim()).toBe('key:operations');
    expect(keyOf('queue:rescreening')?.trim()).toBe('key:operations');
    expect(keyOf('table:risk')?.trim()).toBe('key:operations');
  });

  it("M6.1-a answers who can decrypt what (from grants and key policies), lists every route with its auth, and every role that is not a function's", () => {
    const report = securityReport('prod');
    expect(report).toContain('## Who can decrypt what');
    const pii = report.split('\n').find((l) => l.startsWith('| key:pii |'));
    expect(pii).toBe('| key:pii | customerDataRights, notifier | none |');
    // Key policies name the roles that may use each key; no statement leaves it to IAM alone.
    expect(report).not.toMatch(/\| Allow \| this account \(IAM policies decide\) \|/);
    expect(report).toMatch(
      /\| key:pii \| Allow \| only role\/finplat-prod-notifier \(IAM policy and this\) \| `kms:Decrypt` \|/,
    );
    expect(report).toMatch(/\| key:pii \| Allow \| only role\/finplat-prod-break-glass /);
    expect(report).toMatch(/\| BackupRole\w+ \| backup\.amazonaws\.com \|/);
    expect(report).toMatch(/\| ApiCloudWatchRole\w+ \| apigateway\.amazonaws\.com \|/);
    for (const r of routesForStage('prod'))
      expect(report).toContain(`| ${r.method} | \`${r.path}\` |`);
  });
});
