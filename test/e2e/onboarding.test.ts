// The onboarding flows end to end, over HTTP against the local runtime (npm start's).
import {
  AdminDisableUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { clientConfig } from '../support/aws';
import { idCheckCharacter, luhnValid } from '../../shared/identity/domain/kyc';
import { normalizePhone } from '../../shared/kernel';
import {
  api,
  CONSENTS,
  newApplicant,
  newBankCard,
  newIdNumber,
  newPhone,
  onboardCustomer,
  PASSWORD,
  smsCode,
  answerOf,
  staffToken,
} from '../support/http';

type Problem = {
  code: string;
  status: number;
  fields?: { path: string; reason: string }[];
  detail: string;
};

describe('legal documents and OpenAPI', () => {
  it('M2.1-b lists the current User Agreement and Risk Disclosure', async () => {
    const res = await api<{ documents: { type: string; version: string }[] }>(
      'GET',
      '/v1/legal-documents',
    );
    expect(res.status).toBe(200);
    expect(res.body.documents.map((d) => d.type).sort()).toEqual([
      'RISK_DISCLOSURE',
      'USER_AGREEMENT',
    ]);
    expect(res.body.documents.every((d) => d.version === '2026-09-01')).toBe(true);
  });

  it('serves the OpenAPI 3.1 document generated from the schemas', async () => {
    const res = await api<{ openapi: string; paths: Record<string, unknown> }>(
      'GET',
      '/openapi.json',
    );
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/registrations',
        '/v1/registrations/{registrationId}/verify',
        '/v1/auth/login',
        '/v1/customers/me',
      ]),
    );
  });

  it('answers unknown routes and methods with problem documents', async () => {
    expect((await api<Problem>('GET', '/v1/nothing-here')).body.code).toBe('ROUTE_NOT_FOUND');
    const wrong = await api<Problem>('DELETE', '/v1/registrations');
    expect([wrong.status, wrong.body.code]).toEqual([405, 'METHOD_NOT_ALLOWED']);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(wrong.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('registration (M2.1-a, M2.1-b)', () => {
  it('M2.1-a M2.1-b registers, sends an SMS code, verifies, signs in and shows the masked profile', async () => {
    const a = newApplicant();
    const reg = await api<{ registrationId: string; status: string }>('POST', '/v1/registrations', {
      body: a,
      headers: { 'user-agent': 'finplat-e2e/1.0' },
    });
    expect(reg.status).toBe(201);
    expect(reg.body.status).toBe('PENDING_VERIFICATION');
    expect(reg.headers.get('location')).toBe(`/v1/registrations/${reg.body.registrationId}`);

    const code = await smsCode(a.phone);
    expect(code).toMatch(/^\d{6}$/);
    // Not signed in before verification: told so, since the password is right.
    const early = await api<Problem>('POST', '/v1/auth/login', {
      body: { phone: a.phone, password: a.password },
    });
    expect([early.status, early.body.code]).toEqual([403, 'REGISTRATION_NOT_VERIFIED']);

    const ver = await api<{ customerId: string; status: string }>(
      'POST',
      `/v1/registrations/${reg.body.registrationId}/verify`,
      {
        body: { code },
      },
    );
    expect(ver.status).toBe(200);
    expect(ver.body.status).toBe('ACTIVE');

    const login = await api<{
      idToken: string;
      accessToken: string;
      refreshToken: string;
      expiresIn: number;
    }>('POST', '/v1/auth/login', {
      body: { phone: a.phone, password: a.password },
    });
    expect(login.status).toBe(200);
    expect(login.body.expiresIn).toBeGreaterThan(0);
    expect(login.body.refreshToken.length).toBeGreaterThan(10);

    const me = await api<Record<string, unknown>>('GET', '/v1/customers/me', {
      token: login.body.idToken,
    });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      customerId: ver.body.customerId,
      status: 'ACTIVE',
      name: `${[...a.name][0]}**`,
      phone: `${normalizePhone(a.phone).slice(0, 3)}****${a.phone.slice(-4)}`,
      idNumber: `${a.idNumber.slice(0, 4)}**********${a.idNumber.slice(-4)}`,
      bankCard: `${'*'.repeat(a.bankCard.length - 4)}${a.bankCard.slice(-4)}`,
    });
    expect(me.body.consents).toEqual([
      expect.objectContaining({ type: 'USER_AGREEMENT', version: CONSENTS.userAgreementVersion }),
      expect.objectContaining({ type: 'RISK_DISCLOSURE', version: CONSENTS.riskDisclosureVersion }),
    ]);
  });

  it('M2.1-a lists every failing field with its reason and writes nothing', async () => {
    const a = newApplicant();
    const res = await api<Problem>('POST', '/v1/registrations', {
      body: {
        ...a,
        phone: '12812341234',
        idNumber: `${a.idNumber.slice(0, 17)}${a.idNumber[17] === '0' ? '1' : '0'}`,
        bankCard: `${a.bankCard.slice(0, -1)}${(Number(a.bankCard.slice(-1)) + 1) % 10}`,
        password: 'short',
        consents: {
          userAgreementVersion: '2020-01-01',
          riskDisclosureVersion: CONSENTS.riskDisclosureVersion,
        },
      },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const paths = new Set(res.body.fields?.map((f) => f.path));
    expect([...paths].sort()).toEqual(
      [
        'body.bankCard',
        'body.consents.userAgreementVersion',
        'body.idNumber',
        'body.password',
        'body.phone',
      ].sort(),
    );
    expect(res.body.fields?.find((f) => f.path === 'body.idNumber')?.reason).toBe(
      'check character does not match',
    );
    expect(res.body.fields?.find((f) => f.path === 'body.bankCard')?.reason).toBe(
      'fails the Luhn check',
    );
    // Nothing was written: the same identity registers fine afterwards.
    expect((await api('POST', '/v1/registrations', { body: a })).status).toBe(201);
  });

  it('M2.1-a High finding (prod KYC accepts a stub): a name the identity authority does not hold for the ID number is refused (422 IDENTITY_NOT_VERIFIED), nothing kept', async () => {
    const a = newApplicant();
    const body17 = `${a.idNumber.slice(0, 14)}999`; // the simulator's authority: another name
    const res = await api<Problem>('POST', '/v1/registrations', {
      body: { ...a, idNumber: body17 + idCheckCharacter(body17) },
    });
    expect([res.status, res.body.code]).toEqual([422, 'IDENTITY_NOT_VERIFIED']);
    expect(res.body.fields?.map((f) => f.path)).toEqual(['body.name', 'body.idNumber']);
    expect((await api('POST', '/v1/registrations', { body: a })).status).toBe(201);
  });

  it('M2.1-a refuses applicants under 18 and missing or unknown fields', async () => {
    const today = new Date();
    const minor = newIdNumber({ birth: new Date(Date.UTC(today.getUTCFullYear() - 17, 0, 1)) });
    const res = await api<Problem>('POST', '/v1/registrations', {
      body: { ...newApplicant(), idNumber: minor },
    });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([
      { path: 'body.idNumber', reason: 'holder must be at least 18 years old' },
    ]);

    const { bankCard: _omit, ...missing } = newApplicant();
    const res2 = await api<Problem>('POST', '/v1/registrations', {
      body: { ...missing, extra: 1 },
    });
    expect(res2.status).toBe(400);
    expect(res2.body.fields?.map((f) => f.path)).toEqual(expect.arrayContaining(['body.bankCard']));
  });

  it('answers 415 for a non-JSON body and 400 MALFORMED_JSON for broken JSON', async () => {
    const notJson = await api<Problem>('POST', '/v1/registrations', {
      raw: 'name=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(notJson.status).toBe(415);
    const broken = await api<Problem>('POST', '/v1/registrations', { raw: '{"name":' });
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('MALFORMED_JSON');
  });

  it('M2.1-a M2.5-a Medium finding (customers can be enumerated, identities squatted): an ID number or phone an active customer holds gets the same answer as a new one, sign-in answers its registrant as any other, it never takes the identity, and the holder is told by SMS', async () => {
    type Outbox = { messages: { sentAt: string; body: string }[] };
    const outbox = async (phone: string) =>
      (await api<Outbox>('GET', `/local/outbox?phone=${encodeURIComponent(phone)}`)).body
        .messages ?? [];
    const active = await onboardCustomer();
    const decoyPassword = 'Decoy-Horse-42!';
    const fresh = await api<{ registrationId: string; status: string }>(
      'POST',
      '/v1/registrations',
      { body: newApplicant() },
    );
    // Same ID number (with a lower-case x), another phone; then another ID, the same phone.
    const byId = newApplicant();
    const sameId = await api<{ registrationId: string; status: string }>(
      'POST',
      '/v1/registrations',
      {
        body: {
          ...byId,
          idNumber: active.applicant.idNumber.toLowerCase(),
          name: active.applicant.name,
        },
      },
    );
    const samePhone = await api<{ registrationId: string; status: string }>(
      'POST',
      '/v1/registrations',
      { body: { ...newApplicant(), phone: active.applicant.phone, password: decoyPassword } },
    );
    for (const r of [sameId, samePhone]) {
      expect(r.status).toBe(fresh.status);
      expect(Object.keys(r.body).sort()).toEqual(Object.keys(fresh.body).sort());
      expect(r.body.status).toBe('PENDING_VERIFICATION');
    }
    // The holder is told, twice (ID number, then phone); the registrant's phone gets nothing.
    const notices = async () =>
      (await outbox(active.applicant.phone)).filter((m) => m.body.includes('tried to open'));
    for (let i = 0; i < 100 && (await notices()).length < 2; i++)
      await new Promise((r) => setTimeout(r, 100));
    const told = (await notices()).map((m) => m.body);
    expect(told).toHaveLength(2);
    expect(told.some((b) => b.includes('your ID number'))).toBe(true);
    expect(told.some((b) => b.includes('your mobile number'))).toBe(true);
    expect(told.join(' ')).not.toMatch(/code is \d/);
    // The held ID number's registrant gets a code like anyone (no SMS tells them the ID is
    // taken), but the registration cannot take the ID: verified, it answers as expired.
    const idCode = await smsCode(byId.phone);
    const taken = await api<Problem>(
      'POST',
      `/v1/registrations/${sameId.body.registrationId}/verify`,
      { body: { code: idCode } },
    );
    expect([taken.status, taken.body.code]).toEqual([410, 'REGISTRATION_EXPIRED']);
    // The held phone's registration is a decoy: no code went anywhere, a guess is a wrong code.
    const guess = await api<Problem>(
      'POST',
      `/v1/registrations/${samePhone.body.registrationId}/verify`,
      { body: { code: '123456' } },
    );
    expect([guess.status, guess.body.code]).toEqual([400, 'INVALID_CODE']);
    // Signing in with the decoy's own password answers as a free phone's registration does.
    const probe = await api<Problem>('POST', '/v1/auth/login', {
      body: { phone: active.applicant.phone, password: decoyPassword },
    });
    expect([probe.status, probe.body.code]).toEqual([403, 'REGISTRATION_NOT_VERIFIED']);
    // The holder's account is untouched: they still sign in.
    const login = await api('POST', '/v1/auth/login', {
      body: { phone: active.applicant.phone, password: active.applicant.password },
    });
    expect(login.status).toBe(200);
  });

  it("M2.1-a M2.5-a Medium finding (a squatter's pending registration blocks the real person, its lockout locks them out): the owner registers beside it, verifies first and takes the identity; the squatter's registration, locked by its own wrong codes, stays locked and can never verify", async () => {
    const owner = newApplicant();
    const squatter = await api<{ registrationId: string }>('POST', '/v1/registrations', {
      body: { ...newApplicant(), name: owner.name, idNumber: owner.idNumber },
    });
    expect(squatter.status).toBe(201);
    let last: Problem | undefined;
    for (let i = 0; i < 5; i++) {
      last = (
        await api<Problem>('POST', `/v1/registrations/${squatter.body.registrationId}/verify`, {
          body: { code: '000000' },
        })
      ).body;
    }
    expect(last?.code).toBe('REGISTRATION_LOCKED');
    // The owner is neither refused nor locked out.
    const mine = await onboardCustomer(owner);
    expect(mine.customerId).toBeTruthy();
    const again = await api<Problem>(
      'POST',
      `/v1/registrations/${squatter.body.registrationId}/verify`,
      { body: { code: '000000' } },
    );
    expect(again.body.code).toBe('REGISTRATION_LOCKED');
  });

  it('M2.1-a of 20 concurrent registrations of one ID number, all wait; of their concurrent verifications exactly one takes the identity, and the others answer as expired, every time', async () => {
    for (let round = 0; round < 2; round++) {
      const idNumber = newIdNumber();
      const name = newApplicant().name;
      const applicants = Array.from({ length: 20 }, () => ({ ...newApplicant(), name, idNumber }));
      const regs = await Promise.all(
        applicants.map((a) =>
          api<{ registrationId: string }>('POST', '/v1/registrations', { body: a }),
        ),
      );
      expect(regs.map((r) => r.status)).toEqual(regs.map(() => 201));
      const codes = await Promise.all(applicants.map((a) => smsCode(a.phone)));
      const verified = await Promise.all(
        regs.map((r, i) =>
          api<Problem>('POST', `/v1/registrations/${r.body.registrationId}/verify`, {
            body: { code: codes[i] },
          }),
        ),
      );
      expect(verified.filter((v) => v.status === 200)).toHaveLength(1);
      expect(
        verified.filter((v) => v.status === 410 && v.body.code === 'REGISTRATION_EXPIRED'),
      ).toHaveLength(19);
    }
  });
});

describe('retry-safe registration (M2.1-a)', () => {
  it('M2.1-a answers a registration retried with its Idempotency-Key with the same registrationId, and sends one code', async () => {
    const applicant = newApplicant();
    const key = `reg-${crypto.randomUUID()}`;
    const first = await api<{ registrationId: string; status: string }>(
      'POST',
      '/v1/registrations',
      { body: applicant, headers: { 'Idempotency-Key': key } },
    );
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotency-replayed')).toBeNull();
    // The client lost the answer and sends the same body with the same key, five at once.
    const retries = await Promise.all(
      Array.from({ length: 5 }, () =>
        api<{ registrationId: string; status: string }>('POST', '/v1/registrations', {
          body: applicant,
          headers: { 'Idempotency-Key': key },
        }),
      ),
    );
    for (const r of retries) {
      expect(r.status).toBe(201);
      expect(r.body).toEqual({
        registrationId: first.body.registrationId,
        status: 'PENDING_VERIFICATION',
      });
      expect(r.headers.get('idempotency-replayed')).toBe('true');
      expect(r.headers.get('location')).toBe(`/v1/registrations/${first.body.registrationId}`);
    }
    // The key with another body is refused, and the body without the key is a duplicate.
    const other = await api<Problem>('POST', '/v1/registrations', {
      body: newApplicant(),
      headers: { 'Idempotency-Key': key },
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // One code was sent for the keyed registration, and it verifies it.
    const code = await smsCode(applicant.phone);
    const outbox = await api<{ messages: unknown[] }>(
      'GET',
      `/local/outbox?phone=${encodeURIComponent(applicant.phone)}`,
    );
    expect(outbox.body.messages).toHaveLength(1);
    // The body without the key is a second registration of the same person (it waits
    // beside the first; whichever verifies first takes the identity).
    const unkeyed = await api<{ registrationId: string }>('POST', '/v1/registrations', {
      body: applicant,
    });
    expect(unkeyed.status).toBe(201);
    expect(unkeyed.body.registrationId).not.toBe(first.body.registrationId);
    const verified = await api('POST', `/v1/registrations/${first.body.registrationId}/verify`, {
      body: { code },
    });
    expect(verified.status).toBe(200);
  });

  it('M2.1-a refuses a malformed Idempotency-Key on registration and registers nothing', async () => {
    const applicant = newApplicant();
    const bad = await api<Problem>('POST', '/v1/registrations', {
      body: applicant,
      headers: { 'Idempotency-Key': 'short' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields?.[0]?.path).toBe('header.Idempotency-Key');
    expect((await api('POST', '/v1/registrations', { body: applicant })).status).toBe(201);
  });
});

describe('verification and lockout (M2.1-a)', () => {
  it('M2.1-a counts wrong codes and locks the registration on the fifth (423), even for the right code', async () => {
    const a = newApplicant();
    const reg = await api<{ registrationId: string }>('POST', '/v1/registrations', { body: a });
    const code = await smsCode(a.phone);
    const wrong = code === '000000' ? '111111' : '000000';
    const url = `/v1/registrations/${reg.body.registrationId}/verify`;
    for (let left = 4; left >= 1; left--) {
      const res = await api<Problem>('POST', url, { body: { code: wrong } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_CODE');
      expect(res.body.fields?.[0]).toEqual({
        path: 'body.code',
        reason: `does not match; ${left} attempts left`,
      });
    }
    const fifth = await api<Problem>('POST', url, { body: { code: wrong } });
    expect(fifth.status).toBe(423);
    expect(fifth.body.code).toBe('REGISTRATION_LOCKED');
    const right = await api<Problem>('POST', url, { body: { code } });
    expect(right.status).toBe(423);
    // Still no sign-in: the locked registration was never verified.
    const signIn = await api<Problem>('POST', '/v1/auth/login', {
      body: { phone: a.phone, password: a.password },
    });
    expect([signIn.status, signIn.body.code]).toEqual([403, 'REGISTRATION_NOT_VERIFIED']);
  });

  it('M2.1-a answers a retried verification like the first and refuses unknown registrations', async () => {
    const a = newApplicant();
    const reg = await api<{ registrationId: string }>('POST', '/v1/registrations', { body: a });
    const code = await smsCode(a.phone);
    const url = `/v1/registrations/${reg.body.registrationId}/verify`;
    const first = await api('POST', url, { body: { code } });
    const retry = await api('POST', url, { body: { code } });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(
      (await api<Problem>('POST', url, { body: { code: code === '123456' ? '654321' : '123456' } }))
        .body.code,
    ).toBe('ALREADY_VERIFIED');
    const unknown = await api<Problem>(
      'POST',
      '/v1/registrations/7d2c1f4e-3b7a-4c9e-9a51-0f1d2e3c4b5a/verify',
      { body: { code } },
    );
    expect(unknown.status).toBe(404);
    const badId = await api<Problem>('POST', '/v1/registrations/not-a-uuid/verify', {
      body: { code },
    });
    expect(badId.status).toBe(400);
    expect(badId.body.fields?.[0]?.path).toBe('path.registrationId');
  });

  it('M2.5-a answers a replayed verification from its record: a sign-in staff disabled since stays disabled', async () => {
    const a = newApplicant();
    const reg = await api<{ registrationId: string }>('POST', '/v1/registrations', { body: a });
    const code = await smsCode(a.phone);
    const url = `/v1/registrations/${reg.body.registrationId}/verify`;
    const first = await api<{ customerId: string }>('POST', url, { body: { code } });
    expect(first.status).toBe(200);
    const signIn = () =>
      api('POST', '/v1/auth/login', { body: { phone: a.phone, password: a.password } });
    expect((await signIn()).status).toBe(200);

    // Staff disable the sign-in (as the identity team would, in Cognito).
    await new CognitoIdentityProviderClient(clientConfig()).send(
      new AdminDisableUserCommand({
        UserPoolId: inject('userPoolId'),
        Username: first.body.customerId,
      }),
    );
    expect((await signIn()).status).toBe(401);

    const replay = await api('POST', url, { body: { code } });
    expect(answerOf(replay)).toEqual(answerOf(first));
    expect((await signIn()).status).toBe(401);
  });

  it('M2.1-a limits code resends (429 too soon)', async () => {
    const a = newApplicant();
    const reg = await api<{ registrationId: string }>('POST', '/v1/registrations', { body: a });
    const res = await api<Problem>('POST', `/v1/registrations/${reg.body.registrationId}/code`);
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('RESEND_TOO_SOON');
  });
});

describe('sign-in and access (M2.5-a)', () => {
  it('M2.1-a M2.5-a tells a sign-in before verification so only with the right password, and forgets the check once verified', async () => {
    const a = newApplicant();
    const reg = await api<{ registrationId: string }>('POST', '/v1/registrations', { body: a });
    const early = await api<Problem & { registrationId: string }>('POST', '/v1/auth/login', {
      body: { phone: a.phone, password: a.password },
    });
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('REGISTRATION_NOT_VERIFIED');
    expect(early.body.registrationId).toBe(reg.body.registrationId);
    // A wrong password for the same phone is the same 401 as an unknown phone: nothing told.
    const wrong = await api<Problem & { requestId: string }>('POST', '/v1/auth/login', {
      body: { phone: a.phone, password: 'Wrong-Pass-1!' },
    });
    const unknown = await api<Problem & { requestId: string }>('POST', '/v1/auth/login', {
      body: { phone: '13000000002', password: a.password },
    });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    expect(wrong.body).toEqual({ ...unknown.body, requestId: wrong.body.requestId });
    const code = await smsCode(a.phone);
    await api('POST', `/v1/registrations/${reg.body.registrationId}/verify`, { body: { code } });
    const signedIn = await api('POST', '/v1/auth/login', {
      body: { phone: a.phone, password: a.password },
    });
    expect(signedIn.status).toBe(200);
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()));
    const item = await doc.send(
      new GetCommand({
        TableName: inject('functionEnv').register?.CUSTOMERS_TABLE ?? '',
        Key: { pk: `REG#${reg.body.registrationId}`, sk: 'REG' },
      }),
    );
    expect(item.Item?.status).toBe('VERIFIED');
    expect(item.Item).not.toHaveProperty('passwordCheck');
  });

  it('M2.5-a answers a wrong password and an unknown phone with the same 401', async () => {
    const c = await onboardCustomer();
    const wrongPassword = await api<Problem>('POST', '/v1/auth/login', {
      body: { phone: c.applicant.phone, password: 'Wrong-Pass-1!' },
    });
    const unknownPhone = await api<Problem>('POST', '/v1/auth/login', {
      body: { phone: '13000000001', password: PASSWORD },
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknownPhone.status).toBe(401);
    expect(answerOf(wrongPassword)).toEqual(answerOf(unknownPhone));
    expect(wrongPassword.body.code).toBe('INVALID_CREDENTIALS');
  });

  it("M2.5-a High finding (staff share the customers' pool): the customers' sign-in takes no staff username; staff sign in at their own route", async () => {
    const res = await api<Problem>('POST', '/v1/auth/login', {
      body: { username: 'staff.admin', password: 'Local-Staff-2026!' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('M2.5-a M7.1-a shows each customer only their own profile; no token, a forged token or a staff token get none', async () => {
    const [a, b] = await Promise.all([onboardCustomer(), onboardCustomer()]);
    const meA = await api<{ customerId: string }>('GET', '/v1/customers/me', { token: a.idToken });
    const meB = await api<{ customerId: string }>('GET', '/v1/customers/me', { token: b.idToken });
    expect(meA.body.customerId).toBe(a.customerId);
    expect(meB.body.customerId).toBe(b.customerId);

    expect((await api('GET', '/v1/customers/me')).status).toBe(401);
    const [h, p, s] = a.idToken.split('.');
    const claims = JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, 'cognito:username': b.customerId })).toString('base64url')}.${s}`;
    expect((await api('GET', '/v1/customers/me', { token: forged })).status).toBe(401);

    // A staff token is the staff pool's: the customers' authorizer does not take it.
    const asStaff = await api<Problem>('GET', '/v1/customers/me', {
      token: await staffToken('admin'),
    });
    expect(asStaff.status).toBe(401);
  });

  it('generates Luhn-valid test cards of 16 to 19 digits and phones with and without +86 (fixture sanity)', () => {
    const lengths = new Set<number>();
    const forms = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const card = newBankCard();
      expect(luhnValid(card)).toBe(true);
      lengths.add(card.length);
      const phone = newApplicant().phone;
      expect(normalizePhone(phone)).toMatch(/^1[3-9]\d{9}$/);
      forms.add(phone.replace(/1[3-9]\d{9}$/, 'MOBILE'));
    }
    expect([...lengths].sort()).toEqual([16, 17, 18, 19]);
    expect([...forms].sort()).toEqual(['+86 MOBILE', '+86MOBILE', 'MOBILE']);
  });
});

describe('staying signed in, and signing out (M2.5-a)', () => {
  type Tokens = { idToken: string; accessToken: string; refreshToken: string; expiresIn: number };
  const signIn = (phone: string, password: string) =>
    api<Tokens>('POST', '/v1/auth/login', { body: { phone, password } });

  it('M2.5-a refreshes the tokens with the refresh token, and refuses it once the customer signs out', async () => {
    const c = await onboardCustomer();
    const { body: tokens } = await signIn(c.applicant.phone, c.applicant.password);

    const refreshed = await api<Omit<Tokens, 'refreshToken'>>('POST', '/v1/auth/refresh', {
      body: { refreshToken: tokens.refreshToken },
    });
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    expect(refreshed.body.idToken).not.toBe(tokens.idToken);
    expect(refreshed.body).not.toHaveProperty('refreshToken');
    const me = await api<{ customerId: string }>('GET', '/v1/customers/me', {
      token: refreshed.body.idToken,
    });
    expect(me.body.customerId).toBe(c.customerId);

    // Another customer's access token does not sign this one out (nor them).
    const other = await onboardCustomer();
    const { body: theirs } = await signIn(other.applicant.phone, other.applicant.password);
    const foreign = await api<Problem>('POST', '/v1/auth/sign-out', {
      token: refreshed.body.idToken,
      body: { accessToken: theirs.accessToken },
    });
    expect([foreign.status, foreign.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);

    const out = await api('POST', '/v1/auth/sign-out', {
      token: refreshed.body.idToken,
      body: { accessToken: refreshed.body.accessToken },
    });
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    expect(out.body).toEqual({ status: 'SIGNED_OUT' });

    const after = await api<Problem>('POST', '/v1/auth/refresh', {
      body: { refreshToken: tokens.refreshToken },
    });
    expect([after.status, after.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    // The other customer is still signed in.
    const stillThere = await api('POST', '/v1/auth/refresh', {
      body: { refreshToken: theirs.refreshToken },
    });
    expect(stillThere.status).toBe(200);
  });

  it('M2.5-a answers a made-up refresh token with the same 401 as a wrong password', async () => {
    const res = await api<Problem>('POST', '/v1/auth/refresh', {
      body: { refreshToken: 'not-a-refresh-token' },
    });
    expect([res.status, res.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
  });
});

describe('the failed-sign-in surge metric (issue 12 emergency response)', () => {
  it('M6.4-a counts every refused sign-in as Finplat/Security SignInsFailed by stage', async () => {
    const countOf = () =>
      readFileSync(inject('logFile'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('"SignInsFailed"'))
        .map((l) => JSON.parse(l) as { Stage: string; SignInsFailed: number })
        .filter((m) => m.Stage === 'local')
        .reduce((n, m) => n + m.SignInsFailed, 0);
    const before = countOf();
    expect(
      (
        await api('POST', '/v1/auth/login', {
          body: { phone: newPhone(), password: 'Wrong-Horse-99' },
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await api('POST', '/v1/staff/auth/login', {
          body: { username: 'staff.admin', password: 'Wrong-Horse-99' },
        })
      ).status,
    ).toBe(401);
    expect(countOf() - before).toBeGreaterThanOrEqual(2);
  });
});
