// Staff identities over HTTP (issue 12, High finding "staff share the customers' pool"):
// staff have their own pool with TOTP MFA required: every sign-in is a password and then an
// authenticator's code, a new account replaces its temporary password and enrols an
// authenticator before its first token, and only an administrator's audited flow creates
// accounts or changes their groups (never their own).
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { EMULATOR_TOTP_SECRET, freshTotp, totp } from '../../infra/local/totp';
import { clientConfig } from '../support/aws';
import { api, staffToken } from '../support/http';

type Step = {
  status: 'CHALLENGE' | 'SIGNED_IN';
  challenge?: string;
  session?: string;
  idToken?: string;
  refreshToken?: string;
  code?: string;
};

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;

/** A code that is certainly wrong now (the current one, with its last digit changed). */
const wrongCode = () => {
  const now = totp(EMULATOR_TOTP_SECRET);
  return `${now.slice(0, 5)}${(Number(now.at(-1)) + 1) % 10}`;
};

const newUsername = () => `staff.t${randomUUID().slice(0, 8)}`;

async function create(admin: string, username: string, groups: string[]) {
  return api<{ temporaryPassword: string; status: string; groups: string[]; code?: string }>(
    'POST',
    '/v1/ops/staff',
    { token: admin, body: { username, email: `${username}@example.com`, groups, reason: 'hired' } },
  );
}

/** A new account's first sign-in: new password, enrolment, first code. */
async function firstSignIn(username: string, temporary: string, password: string) {
  const first = await api<Step>('POST', '/v1/staff/auth/login', {
    body: { username, password: temporary },
  });
  expect(first.body).toMatchObject({ status: 'CHALLENGE', challenge: 'NEW_PASSWORD_REQUIRED' });
  const setup = await api<Step>('POST', '/v1/staff/auth/challenge', {
    body: {
      challenge: 'NEW_PASSWORD_REQUIRED',
      username,
      session: first.body.session,
      newPassword: password,
    },
  });
  expect(setup.body).toMatchObject({ status: 'CHALLENGE', challenge: 'MFA_SETUP' });
  const secret = await api<{ secretCode: string; otpauthUri: string; session: string }>(
    'POST',
    '/v1/staff/auth/mfa-setup',
    { body: { username, session: setup.body.session } },
  );
  expect(secret.status).toBe(200);
  expect(secret.body.otpauthUri).toContain(`secret=${secret.body.secretCode}`);
  const done = await api<Step>('POST', '/v1/staff/auth/challenge', {
    body: {
      challenge: 'MFA_SETUP',
      username,
      session: secret.body.session,
      code: await freshTotp(secret.body.secretCode),
    },
  });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  expect(done.body.status).toBe('SIGNED_IN');
  return done.body;
}

describe('staff sign-in on their own pool, MFA required (issue 12)', () => {
  it('M2.5-a High finding (staff MFA unusable): the right password alone gets a code challenge, never tokens; a wrong code is 401; the right code signs in with the groups', async () => {
    const first = await api<Step>('POST', '/v1/staff/auth/login', {
      body: { username: 'staff.risk-officer', password: 'Local-Staff-2026!' },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'CHALLENGE', challenge: 'SOFTWARE_TOKEN_MFA' });
    expect(first.body.idToken).toBeUndefined();

    const wrong = await api<Step>('POST', '/v1/staff/auth/challenge', {
      body: {
        challenge: 'SOFTWARE_TOKEN_MFA',
        username: 'staff.risk-officer',
        session: first.body.session,
        code: wrongCode(),
      },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');

    const again = await api<Step>('POST', '/v1/staff/auth/login', {
      body: { username: 'staff.risk-officer', password: 'Local-Staff-2026!' },
    });
    const right = await api<Step>('POST', '/v1/staff/auth/challenge', {
      body: {
        challenge: 'SOFTWARE_TOKEN_MFA',
        username: 'staff.risk-officer',
        session: again.body.session,
        code: await freshTotp(EMULATOR_TOTP_SECRET),
      },
    });
    expect(right.status).toBe(200);
    expect(right.body.status).toBe('SIGNED_IN');
    expect(claimsOf(right.body.idToken ?? '')['cognito:groups']).toEqual(['risk-officer']);
  });

  it('M2.5-a answers a wrong password, an unknown staff member and a made-up session with the same 401', async () => {
    for (const body of [
      { username: 'staff.admin', password: 'Wrong-Horse-99-x' },
      { username: 'staff.nobody', password: 'Local-Staff-2026!' },
    ]) {
      const res = await api<Step>('POST', '/v1/staff/auth/login', { body });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    }
    const forged = await api<Step>('POST', '/v1/staff/auth/challenge', {
      body: {
        challenge: 'SOFTWARE_TOKEN_MFA',
        username: 'staff.admin',
        session: randomUUID(),
        code: totp(EMULATOR_TOTP_SECRET),
      },
    });
    expect(forged.status).toBe(401);
  });

  it('M2.5-a refreshes a staff session and ends it at sign-out', async () => {
    const first = await api<Step>('POST', '/v1/staff/auth/login', {
      body: { username: 'staff.service-agent', password: 'Local-Staff-2026!' },
    });
    const tokens = await api<Step & { accessToken: string }>('POST', '/v1/staff/auth/challenge', {
      body: {
        challenge: 'SOFTWARE_TOKEN_MFA',
        username: 'staff.service-agent',
        session: first.body.session,
        code: await freshTotp(EMULATOR_TOTP_SECRET),
      },
    });
    const refresh = { refreshToken: tokens.body.refreshToken };
    expect((await api('POST', '/v1/staff/auth/refresh', { body: refresh })).status).toBe(200);
    // A customer's refresh route does not take a staff refresh token (another pool's client).
    expect((await api('POST', '/v1/auth/refresh', { body: refresh })).status).toBe(401);
    const out = await api('POST', '/v1/staff/auth/sign-out', {
      token: tokens.body.idToken,
      body: { accessToken: tokens.body.accessToken },
    });
    expect(out.status).toBe(200);
    expect((await api('POST', '/v1/staff/auth/refresh', { body: refresh })).status).toBe(401);
  });
});

describe('staff administration, audited (issue 12)', () => {
  const audit = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()));
  const auditOf = async (username: string) => {
    const out = await audit.send(
      new QueryCommand({
        TableName: inject('functionEnv').opsStaff?.AUDIT_TABLE ?? '',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `STAFF#${username}` },
      }),
    );
    return (out.Items ?? []).map((i) => ({
      actor: i.actor as string,
      fields: i.fields as string[],
      purpose: i.purpose as string,
    }));
  };

  it('M2.5-a M7.1-a High finding (no audited admin flow): an admin creates an account; its first sign-in replaces the temporary password and enrols an authenticator; every later sign-in asks the code', async () => {
    const admin = await staffToken('admin');
    const username = newUsername();
    const created = await create(admin, username, ['compliance-officer']);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'FORCE_CHANGE_PASSWORD',
      groups: ['compliance-officer'],
    });
    expect(created.body.temporaryPassword.length).toBeGreaterThanOrEqual(16);
    expect(await auditOf(username)).toEqual([
      { actor: 'staff.admin', fields: ['created', 'group:+compliance-officer'], purpose: 'hired' },
    ]);
    // The same username again: 409, nothing changed.
    expect((await create(admin, username, ['admin'])).status).toBe(409);

    // A new password below the staff policy is refused with the field named.
    const first = await api<Step>('POST', '/v1/staff/auth/login', {
      body: { username, password: created.body.temporaryPassword },
    });
    const weak = await api<{ fields: { path: string }[] }>('POST', '/v1/staff/auth/challenge', {
      body: {
        challenge: 'NEW_PASSWORD_REQUIRED',
        username,
        session: first.body.session,
        newPassword: 'Short-1!',
      },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.fields.map((f) => f.path)).toEqual(['body.newPassword']);

    const signedIn = await firstSignIn(
      username,
      created.body.temporaryPassword,
      'Compliance-Pass-2026!',
    );
    expect(claimsOf(signedIn.idToken ?? '')['cognito:groups']).toEqual(['compliance-officer']);
    const later = await api<Step>('POST', '/v1/staff/auth/login', {
      body: { username, password: 'Compliance-Pass-2026!' },
    });
    expect(later.body).toMatchObject({ status: 'CHALLENGE', challenge: 'SOFTWARE_TOKEN_MFA' });
    // The temporary password worked once.
    expect(
      (
        await api('POST', '/v1/staff/auth/login', {
          body: { username, password: created.body.temporaryPassword },
        })
      ).status,
    ).toBe(401);
  });

  it('M2.5-a M7.1-a changes groups and status only through the admin flow, audited; removing a group ends the sessions; nobody changes their own account', async () => {
    const admin = await staffToken('admin');
    const username = newUsername();
    const created = await create(admin, username, ['service-agent', 'risk-officer']);
    const tokens = await firstSignIn(
      username,
      created.body.temporaryPassword,
      'Two-Groups-Pass-2026!',
    );

    const put = (token: string, who: string, body: unknown) =>
      api<{ groups: string[]; enabled: boolean; code?: string }>('PUT', `/v1/ops/staff/${who}`, {
        token,
        body,
      });
    const changed = await put(admin, username, { groups: ['service-agent'], reason: 'moved team' });
    expect(changed.status).toBe(200);
    expect(changed.body.groups).toEqual(['service-agent']);
    expect(
      (await api('POST', '/v1/staff/auth/refresh', { body: { refreshToken: tokens.refreshToken } }))
        .status,
    ).toBe(401);

    const disabled = await put(admin, username, {
      groups: ['service-agent'],
      enabled: false,
      reason: 'left',
    });
    expect(disabled.body.enabled).toBe(false);
    expect(
      (
        await api('POST', '/v1/staff/auth/login', {
          body: { username, password: 'Two-Groups-Pass-2026!' },
        })
      ).status,
    ).toBe(401);
    expect((await auditOf(username)).map((r) => r.fields)).toEqual(
      expect.arrayContaining([
        ['created', 'group:+risk-officer', 'group:+service-agent'],
        ['group:-risk-officer'],
        ['status:DISABLED'],
      ]),
    );

    // No one administers their own account; only admins administer at all.
    const self = await put(admin, 'staff.admin', {
      groups: ['admin', 'risk-officer'],
      reason: 'x',
    });
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('SELF_ADMINISTRATION');
    const risk = await staffToken('risk-officer');
    expect((await put(risk, username, { groups: ['admin'], reason: 'x' })).status).toBe(403);
    expect((await create(risk, newUsername(), ['admin'])).status).toBe(403);
    expect((await api('GET', `/v1/ops/staff/${newUsername()}`, { token: admin })).status).toBe(404);
  });
});
