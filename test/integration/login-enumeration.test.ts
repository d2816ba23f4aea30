// Issue 12, Medium finding "customers can be enumerated": sign-in answers an unknown phone
// after the same work as a known phone with a wrong password (one refused Cognito
// sign-in), with the same 401, so neither the answer nor its time tells them apart.
// Counted, not timed: the requests each path makes are what its time is made of.
import '../support/sdk';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/auth/login';
import { asFunction, useEmulator } from '../support/aws';
import { newPhone, onboardCustomer } from '../support/http';
import { resetSdkRequestCounts, sdkRequestCounts } from '../support/sdk';

const login = (phone: string, password: string) =>
  asFunction('login', () =>
    handler(
      {
        httpMethod: 'POST',
        resource: '/v1/auth/login',
        path: '/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone, password }),
        pathParameters: null,
        queryStringParameters: null,
        requestContext: { identity: { sourceIp: '203.0.113.9' } },
      } as unknown as APIGatewayProxyEvent,
      { awsRequestId: 'test' } as Context,
    ),
  );

/** The requests one sign-in makes, by service and operation (risk events aside). */
async function requestsOf(phone: string, password: string) {
  resetSdkRequestCounts();
  const res = await login(phone, password);
  const ops = [...sdkRequestCounts]
    .map(([k, n]) => [k.split(':')[1] ?? '', n] as const)
    .filter(([op]) => !op.startsWith('SQS.'))
    .sort(([a], [b]) => a.localeCompare(b));
  return { status: res.statusCode, body: JSON.parse(res.body) as { code: string }, ops };
}

describe('sign-in does not tell customers apart (issue 12)', () => {
  it('M2.5-a Medium finding (customers can be enumerated; login 9 ms unknown, 18 ms known): an unknown phone and a known phone with a wrong password make the same requests and get the same 401', async () => {
    useEmulator();
    const c = await onboardCustomer();
    // Warm both paths (KMS keys, clients), then compare.
    await requestsOf(c.applicant.phone, 'Wrong-Horse-99');
    const known = await requestsOf(c.applicant.phone, 'Wrong-Horse-99');
    const unknown = await requestsOf(newPhone(), 'Wrong-Horse-99');
    expect(known.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe(known.body.code);
    const cognito = (r: typeof known) => r.ops.filter(([op]) => op.startsWith('Cognito.'));
    expect(cognito(unknown)).toEqual(cognito(known));
    expect(cognito(known)).toEqual([['Cognito.InitiateAuth', 1]]);
    const dynamo = (r: typeof known) => r.ops.filter(([op]) => op.startsWith('DynamoDB.'));
    expect(dynamo(unknown)).toEqual(dynamo(known));
  });
});

describe("failed sign-ins lock the user, as Cognito's lockout does (issue 12)", () => {
  it("M2.5-a Medium finding (locally, failed sign-ins are not counted or locked): after five wrong passwords even the right one is refused for a second, then accepted; the lock is the user's, not another customer's", async () => {
    useEmulator();
    const c = await onboardCustomer();
    const other = await onboardCustomer();
    for (let i = 0; i < 5; i++)
      expect((await login(c.applicant.phone, `Wrong-Horse-${i}`)).statusCode).toBe(401);
    const locked = await login(c.applicant.phone, c.applicant.password);
    expect(locked.statusCode).toBe(401);
    expect(JSON.parse(locked.body).code).toBe('INVALID_CREDENTIALS');
    expect((await login(other.applicant.phone, other.applicant.password)).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await login(c.applicant.phone, c.applicant.password)).statusCode).toBe(200);
    // A success starts the count again: one more failure does not lock.
    expect((await login(c.applicant.phone, 'Wrong-Horse-x')).statusCode).toBe(401);
    expect((await login(c.applicant.phone, c.applicant.password)).statusCode).toBe(200);
  });
});
