// M2.5-b, M6.2-a, M7.1-b: no plaintext PII anywhere the platform writes: responses, log
// lines, DynamoDB items, SQS messages, Cognito users.
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient, ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { api, newApplicant, onboardCustomer, smsCode } from '../support/http';
import { setFaultInjector } from '../support/sdk';
import { setLogSink } from '../../shared/platform/logger';
import { handler as notifier } from '../../functions/notifications/notifier';
import { asFunction, clientConfig, useEmulator } from '../support/aws';
import { normalizePhone } from '../../shared/kernel';

function plaintexts(a: {
  name: string;
  phone: string;
  idNumber: string;
  bankCard: string;
}): string[] {
  // The phone as sent (perhaps with +86) and as stored (the bare mobile number).
  return [
    a.name,
    a.phone,
    normalizePhone(a.phone),
    a.idNumber,
    a.idNumber.toLowerCase(),
    a.bankCard,
  ];
}

function assertNoPlaintext(where: string, text: string, values: string[]) {
  for (const v of values) {
    expect(text.includes(v), `${where} contains plaintext ${v.slice(0, 2)}…`).toBe(false);
  }
}

/** The sealed code of a registration's first message, from the SQS capture. */
async function sealedCodeOf(registrationId: string): Promise<string> {
  for (let t = 0; t < 100; t++) {
    const found = readFileSync(inject('sqsCaptureFile'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { MessageBody: string })
      .map((m) => JSON.parse(m.MessageBody) as { registrationId?: string; sealedCode?: string })
      .find((m) => m.registrationId === registrationId && m.sealedCode);
    if (found?.sealedCode) return found.sealedCode;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no notification for ${registrationId}`);
}

describe('no plaintext PII (M2.5-b, M6.2-a, M7.1-b)', () => {
  it('M2.5-b Medium finding (the OTP in SQS message bodies): the queue carries the SMS code only sealed, bound to the customer; the code itself appears in no message', async () => {
    const c = await onboardCustomer();
    const code = await smsCode(c.applicant.phone);
    const sealed = await sealedCodeOf(c.registrationId);
    expect(sealed).toMatch(/^pii2\./);
    const bodies = readFileSync(inject('sqsCaptureFile'), 'utf8')
      .split('\n')
      .filter((l) => l.includes(c.registrationId));
    expect(bodies.length).toBeGreaterThanOrEqual(1);
    for (const b of bodies) {
      expect(b).not.toContain(`"code"`);
      expect(b).not.toContain(code);
    }
  });

  it('M2.5-b M6.2-a M7.1-b keeps PII out of responses, logs, DynamoDB items, SQS messages and Cognito', async () => {
    const c = await onboardCustomer();
    const values = plaintexts(c.applicant);
    // Exercise the other paths too: a registration of the held identity (a decoy, and a
    // notice SMS to the holder) and a validation failure carrying PII.
    const dup = await api('POST', '/v1/registrations', { body: { ...c.applicant } });
    expect(dup.status).toBe(201);
    const bad = await api('POST', '/v1/registrations', { body: { ...c.applicant, password: 'x' } });
    assertNoPlaintext(
      'error response',
      JSON.stringify(bad.body) + JSON.stringify(dup.body),
      values,
    );
    const me = await api('GET', '/v1/customers/me', { token: c.idToken });
    assertNoPlaintext('profile response', JSON.stringify(me.body), values);
    await smsCode(c.applicant.phone); // the notifier has run

    // The log file is written by the platform's process as lines come: wait for this flow's.
    let logs = readFileSync(inject('logFile'), 'utf8');
    for (let t = 0; t < 50 && !logs.includes(c.registrationId); t++) {
      await new Promise((r) => setTimeout(r, 100));
      logs = readFileSync(inject('logFile'), 'utf8');
    }
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).toContain(c.registrationId); // the customer's flow was logged...
    assertNoPlaintext('log lines', logs, values); // ...without their PII

    const sqs = readFileSync(inject('sqsCaptureFile'), 'utf8');
    expect(sqs).toContain(c.registrationId);
    assertNoPlaintext('SQS messages', sqs, values);

    const ddb = new DynamoDBClient(clientConfig());
    const tables = (await ddb.send(new ListTablesCommand({}))).TableNames ?? [];
    expect(tables.length).toBeGreaterThanOrEqual(3);
    let items = 0;
    let sawCustomer = false;
    for (const TableName of tables) {
      let start: Record<string, never> | undefined;
      do {
        const page = await ddb.send(new ScanCommand({ TableName, ExclusiveStartKey: start }));
        for (const item of page.Items ?? []) {
          items += 1;
          const text = JSON.stringify(item);
          if (text.includes(c.customerId)) sawCustomer = true;
          assertNoPlaintext(`item in ${TableName}`, text, values);
        }
        start = page.LastEvaluatedKey as typeof start;
      } while (start);
    }
    expect(sawCustomer).toBe(true);
    expect(items).toBeGreaterThan(5);

    const user = await new CognitoIdentityProviderClient(clientConfig()).send(
      new AdminGetUserCommand({ UserPoolId: inject('userPoolId'), Username: c.customerId }),
    );
    assertNoPlaintext('Cognito user', JSON.stringify(user.UserAttributes ?? []), values);
  });

  it('M6.2-a Medium finding (the logger misses PII): the SMS error path logs the phone in no format, and no log line the suites wrote holds a raw phone, ID or card number', async () => {
    const applicant = newApplicant();
    const reg = await api<{ registrationId: string }>('POST', '/v1/registrations', {
      body: applicant,
    });
    expect(reg.status).toBe(201);
    const phone = normalizePhone(applicant.phone);
    // The registration's own message, as the queue carried it (its code sealed).
    const sealedCode = await sealedCodeOf(reg.body.registrationId);
    const lines: string[] = [];
    useEmulator();
    setLogSink((l) => lines.push(l));
    // SNS refuses the number and echoes it back, in the format the sender used.
    setFaultInjector((service, op) =>
      service === 'SNS' && op === 'Publish'
        ? new Error(`Invalid parameter: PhoneNumber Reason: +86${phone} (86${phone}) is not valid`)
        : undefined,
    );
    try {
      // The only record fails: the batch fails whole (the queue retries it, then the DLQ).
      const out = asFunction('notifier', () =>
        notifier(
          {
            Records: [
              {
                messageId: 'm-sms-error',
                body: JSON.stringify({
                  type: 'REGISTRATION_OTP',
                  registrationId: reg.body.registrationId,
                  sealedCode,
                }),
              },
            ],
          } as never,
          {} as never,
        ),
      );
      await expect(out).rejects.toThrow('All records failed processing');
    } finally {
      setFaultInjector(undefined);
      useEmulator();
    }
    const text = lines.join('\n');
    expect(text).toContain('notification failed');
    // The failure is SNS's (the message was valid, the phone decrypted, the send refused).
    expect(text).toContain('SNS SMS publish failed');
    expect(text).toContain('is not valid');
    for (const v of [phone, `+86${phone}`, `86${phone}`, '123456', applicant.name])
      expect(text.includes(v), `SMS error log holds ${v.slice(0, 3)}…`).toBe(false);

    // Every line every suite has written so far: no raw mobile, ID or card number.
    const all = readFileSync(inject('logFile'), 'utf8') + text;
    const raw = [
      /(?<![\w*])1[3-9]\d{9}(?!\w)/,
      /(?<![\w*])\d{17}[\dXx](?!\w)/,
      /(?<![\w*])\d{16,19}(?!\w)/,
      /eyJ[\w-]{10,}\.[\w-]{10,}\./,
    ];
    for (const re of raw) expect(re.exec(all)?.[0]).toBeUndefined();
  });
});
