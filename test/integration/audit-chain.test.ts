// The PII-access audit trail against the emulator (issue 12, Medium finding: the audit table
// can be changed; M2.5-c, M7.1-a): concurrent writers each append one record, every chain of
// the day verifies, and `npm run audit:verify` proves it; a record changed behind the
// platform's back is found, by the command too (exit code 1).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import * as adapters from '../../functions/deps/adapters';
import { AuditLog, verifyAuditDay } from '../../shared/identity';
import { asFunction, clientConfig, useEmulator } from '../support/aws';

beforeAll(() => useEmulator());

const run = promisify(execFile);

describe('the audit trail as hash chains (M2.5-c, M7.1-a)', () => {
  it('M7.1-a Medium finding (the PII-access audit table can be changed): concurrent records chain, a day verifies, and a changed record is found', async () => {
    const table = inject('functionEnv').notifier?.AUDIT_TABLE ?? '';
    // A day of its own (in the past), so only this test's records are in its chains.
    const day = `2001-0${1 + (Date.now() % 9)}-1${Date.now() % 10}`;
    const at = new Date(`${day}T08:00:00.000Z`);
    const customers = Array.from({ length: 24 }, () => randomUUID());
    await asFunction('notifier', () =>
      Promise.all(
        customers.map((customerId) =>
          adapters
            .audit()
            .piiAccessed({ customerId, actor: 'notifier', fields: ['phone'], purpose: 'test' }, at),
        ),
      ),
    );
    const audit = new AuditLog(table);
    const before = await verifyAuditDay(day, audit);
    expect(before.every((c) => c.check.ok)).toBe(true);
    expect(before.reduce((n, c) => n + c.check.records, 0)).toBe(24);

    const env = {
      ...process.env,
      AWS_ENDPOINT_URL: clientConfig().endpoint,
      AWS_REGION: clientConfig().region,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    };
    const ok = await run(
      'npx',
      ['tsx', 'scripts/audit-verify.ts', '--day', day, '--table', table],
      {
        env,
      },
    );
    expect(ok.stdout).toContain(`every chain of ${day} holds`);

    // Someone with table rights the functions do not have changes a record's purpose.
    const victim = before.find((c) => c.check.records > 1)!;
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()));
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `CHAIN#${victim.chain}`, sk: '000000000002' },
        UpdateExpression: 'SET purpose = :p',
        ExpressionAttributeValues: { ':p': 'nothing happened' },
      }),
    );
    const after = await verifyAuditDay(day, audit);
    expect(after.find((c) => c.chain === victim.chain)?.check).toMatchObject({
      ok: false,
      seq: 2,
    });
    const failed = await run(
      'npx',
      ['tsx', 'scripts/audit-verify.ts', '--day', day, '--table', table],
      { env },
    ).catch((error: { code: number; stdout: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stdout: string }).stdout).toContain(`${victim.chain}  BROKEN at record 2`);
  });
});
