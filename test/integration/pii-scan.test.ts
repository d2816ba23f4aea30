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
import { api, onboardCustomer, smsCode } from '../support/http';
import { clientConfig } from '../support/aws';
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

describe('no plaintext PII (M2.5-b, M6.2-a, M7.1-b)', () => {
  it('M2.5-b M6.2-a M7.1-b keeps PII out of responses, logs, DynamoDB items, SQS messages and Cognito', async () => {
    const c = await onboardCustomer();
    const values = plaintexts(c.applicant);
    // Exercise the error paths too: a duplicate and a validation failure carrying PII.
    const dup = await api('POST', '/v1/registrations', { body: { ...c.applicant } });
    expect(dup.status).toBe(409);
    const bad = await api('POST', '/v1/registrations', { body: { ...c.applicant, password: 'x' } });
    assertNoPlaintext(
      'error response',
      JSON.stringify(bad.body) + JSON.stringify(dup.body),
      values,
    );
    const me = await api('GET', '/v1/customers/me', { token: c.idToken });
    assertNoPlaintext('profile response', JSON.stringify(me.body), values);
    await smsCode(c.applicant.phone); // the notifier has run

    const logs = readFileSync(inject('logFile'), 'utf8');
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
});
