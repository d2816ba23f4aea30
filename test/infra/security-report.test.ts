import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STAGES } from '../../infra/config';
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
    // customers, audit, ledger, products, risk; 3 queues with their DLQs, stream failures;
    // the alarm and risk-alert topics
    expect(rows.length).toBe(14);
    for (const row of rows) expect(row).toMatch(/\| key:(table|queue|alarms) \|$/);
  });
});
