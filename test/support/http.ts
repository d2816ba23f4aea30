// Test helpers: an HTTP client for the local API, and generators of valid, unique
// identities (ID numbers with a correct check character, phones, Luhn-valid cards).
import { randomInt, randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { idCheckCharacter } from '../../shared/identity/domain/kyc';
import { assertKeepsToDocument } from './contract';
import { signInStaff } from '../../infra/local/staff-sign-in';
import { freshTotp } from '../../infra/local/totp';

export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  opts: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string } = {},
): Promise<HttpResult<T>> {
  const res = await fetch(`${inject('apiUrl')}${path}`, {
    method,
    headers: {
      ...(opts.body !== undefined || opts.raw !== undefined
        ? { 'content-type': 'application/json' }
        : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    ...(opts.raw !== undefined
      ? { body: opts.raw }
      : opts.body !== undefined
        ? { body: JSON.stringify(opts.body) }
        : {}),
  });
  const text = await res.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  assertKeepsToDocument(method, path, res.status, res.headers.get('content-type'), body);
  return { status: res.status, headers: res.headers, body: (body ?? {}) as T };
}

/**
 * A response's status and body without its `requestId` (which names each request): what a
 * replay of the same request must repeat.
 */
export function answerOf(r: { status: number; body: unknown }): { status: number; body: unknown } {
  if (!r.body || typeof r.body !== 'object') return { status: r.status, body: r.body };
  const { requestId: _id, ...body } = r.body as Record<string, unknown>;
  return { status: r.status, body };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** A valid resident ID number for someone born in the given year range. */
export function newIdNumber(
  opts: { minYear?: number; maxYear?: number; birth?: Date } = {},
): string {
  const birth =
    opts.birth ??
    new Date(
      Date.UTC(
        randomInt(opts.minYear ?? 1960, (opts.maxYear ?? 2000) + 1),
        randomInt(0, 12),
        randomInt(1, 29),
      ),
    );
  const body = `110105${birth.getUTCFullYear()}${pad(birth.getUTCMonth() + 1, 2)}${pad(birth.getUTCDate(), 2)}${pad(randomInt(0, 999), 3)}`; // 999: the KYC simulator's mismatch
  return body + idCheckCharacter(body);
}

/** A mainland mobile number, written as clients do: bare, or with +86 (spaced or not). */
export function newPhone(): string {
  const mobile = `1${randomInt(3, 10)}${pad(randomInt(0, 1e9), 9)}`;
  return [mobile, `+86${mobile}`, `+86 ${mobile}`][randomInt(0, 3)] ?? mobile;
}

/** A UnionPay-like card of 16 to 19 digits (the length drawn), Luhn-valid. */
export function newBankCard(length = randomInt(16, 20)): string {
  let body = '62';
  while (body.length < length - 1) body += String(randomInt(0, 10));
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + ((10 - (sum % 10)) % 10);
}

const HAN = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜';
export function newName(): string {
  return Array.from({ length: 3 }, () => HAN[randomInt(0, HAN.length)]).join('');
}

export const PASSWORD = 'Correct-Horse-9';
export const CONSENTS = { userAgreementVersion: '2026-09-01', riskDisclosureVersion: '2026-09-01' };

export function newApplicant() {
  return {
    name: newName(),
    phone: newPhone(),
    idNumber: newIdNumber(),
    bankCard: newBankCard(),
    password: PASSWORD,
    consents: CONSENTS,
  };
}

/** Waits for the SMS code sent to a phone (through the local outbox), newest first. */
export async function smsCode(
  phone: string,
  opts: { notBefore?: string; timeoutMs?: number } = {},
): Promise<string> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  while (Date.now() < deadline) {
    const res = await api<{ messages: { sentAt: string; body: string }[] }>(
      'GET',
      `/local/outbox?phone=${encodeURIComponent(phone)}`,
    );
    // The newest message with a code (a notice to the phone's holder carries none).
    const code = (res.body.messages ?? [])
      .filter((x) => !opts.notBefore || x.sentAt > opts.notBefore)
      .map((x) => x.body.match(/code is (\d+)/)?.[1])
      .find(Boolean);
    if (code) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no SMS code for ${phone.slice(0, 3)}****`);
}

/** Registers and verifies a new customer; returns its data and tokens. */
export async function onboardCustomer(overrides: Partial<ReturnType<typeof newApplicant>> = {}) {
  const applicant = { ...newApplicant(), ...overrides };
  const reg = await api<{ registrationId: string }>('POST', '/v1/registrations', {
    body: applicant,
  });
  if (reg.status !== 201) throw new Error(`registration failed: ${JSON.stringify(reg.body)}`);
  const code = await smsCode(applicant.phone);
  const ver = await api<{ customerId: string }>(
    'POST',
    `/v1/registrations/${reg.body.registrationId}/verify`,
    { body: { code } },
  );
  if (ver.status !== 200) throw new Error(`verification failed: ${JSON.stringify(ver.body)}`);
  const login = await api<{ idToken: string; accessToken: string }>('POST', '/v1/auth/login', {
    body: { phone: applicant.phone, password: applicant.password },
  });
  return {
    applicant,
    registrationId: reg.body.registrationId,
    customerId: ver.body.customerId,
    idToken: login.body.idToken,
  };
}

/** Signs in a seeded staff user of the group (README: staff users, local stage). */
export async function staffToken(group: string): Promise<string> {
  return (await signInStaff(inject('apiUrl'), { group })).idToken;
}

/**
 * A new staff member of `group`, created by an admin (audited, with `reason`), through their
 * first sign-in: a new password and an enrolled authenticator (four-eyes tests need a second
 * member of a group). Answers the username and an ID token.
 */
export async function newStaffMember(
  admin: string,
  group: string,
  reason: string,
): Promise<{ username: string; token: string }> {
  const username = `staff.${group.slice(0, 2)}${randomUUID().slice(0, 8)}`;
  const made = await api<{ temporaryPassword: string }>('POST', '/v1/ops/staff', {
    token: admin,
    body: { username, email: `${username}@example.com`, groups: [group], reason },
  });
  if (made.status !== 201) throw new Error(`staff not created: ${JSON.stringify(made.body)}`);
  const first = await api<{ session: string }>('POST', '/v1/staff/auth/login', {
    body: { username, password: made.body.temporaryPassword },
  });
  const setup = await api<{ session: string }>('POST', '/v1/staff/auth/challenge', {
    body: {
      challenge: 'NEW_PASSWORD_REQUIRED',
      username,
      session: first.body.session,
      newPassword: `Pw-${randomUUID()}`,
    },
  });
  const secret = await api<{ secretCode: string; session: string }>(
    'POST',
    '/v1/staff/auth/mfa-setup',
    { body: { username, session: setup.body.session } },
  );
  const done = await api<{ idToken: string }>('POST', '/v1/staff/auth/challenge', {
    body: {
      challenge: 'MFA_SETUP',
      username,
      session: secret.body.session,
      code: await freshTotp(secret.body.secretCode),
    },
  });
  if (done.status !== 200) throw new Error(`staff sign-in: ${JSON.stringify(done.body)}`);
  return { username, token: done.body.idToken };
}
