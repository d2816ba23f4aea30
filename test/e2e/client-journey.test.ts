// A customer's whole journey through the generated client (clients/typescript, issue 9):
// register, verify, sign in, deposit, transfer, assess, order, redeem; staff set up the
// product through it too. Every answer it gets is also checked against the API document.
import { LOCAL_STAFF_PASSWORD } from '../../infra/local/staff-users';
import { EMULATOR_TOTP_SECRET, freshTotp } from '../../infra/local/totp';
import {
  createFinplatClient,
  newIdempotencyKey,
  type components,
  type FinplatClient,
} from '@finplat/client';
import { describe, expect, inject, it } from 'vitest';
import { assertKeepsToDocument } from '../support/contract';
import { newApplicant, onboardCustomer, smsCode } from '../support/http';
import { eventually } from '../support/money';
import { answersFor, PRODUCT_OF_LEVEL } from '../support/suitability';

/** A client for one user, whose every answer must keep to the document. */
function clientFor(token: () => string | undefined): FinplatClient {
  const client = createFinplatClient({ baseUrl: inject('apiUrl'), idToken: token });
  client.use({
    async onResponse({ request, response }) {
      const text = await response.clone().text();
      assertKeepsToDocument(
        request.method,
        new URL(request.url).pathname,
        response.status,
        response.headers.get('content-type'),
        text ? (JSON.parse(text) as unknown) : undefined,
      );
      return response;
    },
  });
  return client;
}

/** A staff member's sign-in through the generated client: password, then the code. */
async function staffSignedIn(username: string) {
  const anonymous = clientFor(() => undefined);
  const first = await anonymous.POST('/v1/staff/auth/login', {
    body: { username, password: LOCAL_STAFF_PASSWORD },
  });
  if (first.data?.status !== 'CHALLENGE') throw new Error(`no challenge for ${username}`);
  const done = await anonymous.POST('/v1/staff/auth/challenge', {
    body: {
      challenge: 'SOFTWARE_TOKEN_MFA',
      username,
      session: first.data.session,
      code: await freshTotp(EMULATOR_TOTP_SECRET),
    },
  });
  if (done.data?.status !== 'SIGNED_IN') throw new Error(`sign-in failed for ${username}`);
  const { idToken } = done.data;
  return clientFor(() => idToken);
}

describe('the journey through the generated client', () => {
  it('M2.1-a M2.2-a M2.3-b registers, verifies, signs in, deposits, transfers, assesses, orders and redeems', async () => {
    const session: { idToken?: string } = {};
    const api = clientFor(() => session.idToken);
    const applicant = newApplicant();

    const docs = await api.GET('/v1/legal-documents');
    expect(docs.response.status).toBe(200);

    const reg = await api.POST('/v1/registrations', { body: applicant });
    expect(reg.response.status, JSON.stringify(reg.error)).toBe(201);
    const registrationId = reg.data?.registrationId ?? '';
    const ver = await api.POST('/v1/registrations/{registrationId}/verify', {
      params: { path: { registrationId } },
      body: { code: await smsCode(applicant.phone) },
    });
    expect(ver.response.status, JSON.stringify(ver.error)).toBe(200);

    const login = await api.POST('/v1/auth/login', {
      body: { phone: applicant.phone, password: applicant.password },
    });
    session.idToken = login.data?.idToken;
    expect(session.idToken).toBeTruthy();
    const me = await api.GET('/v1/customers/me');
    expect(me.data?.customerId).toBe(ver.data?.customerId);

    // A refusal is a typed problem document with a documented code.
    const broke = await api.POST('/v1/withdrawals', {
      params: { header: { 'Idempotency-Key': newIdempotencyKey() } },
      body: { amount: 100, currency: 'CNY' },
    });
    expect(broke.response.status).toBe(422);
    expect(broke.error?.code).toBe('INSUFFICIENT_FUNDS');

    const deposit = await api.POST('/v1/deposits', {
      params: { header: { 'Idempotency-Key': newIdempotencyKey() } },
      body: { amount: 50_000, currency: 'CNY' },
    });
    expect(deposit.response.status, JSON.stringify(deposit.error)).toBe(201);
    const balance = async () => (await api.GET('/v1/accounts/me')).data?.balance;
    await eventually(balance, (b) => b === 50_000);

    const friend = await onboardCustomer();
    const transfer = await api.POST('/v1/transfers', {
      params: { header: { 'Idempotency-Key': newIdempotencyKey() } },
      body: { toCustomerId: friend.customerId, amount: 5_000, currency: 'CNY' },
    });
    expect(transfer.data).toMatchObject({ amount: 5_000, settlementCycle: 'T+0' });
    const transferId = transfer.data?.transferId ?? '';
    const settled = await eventually(
      async () =>
        (await api.GET('/v1/transfers/{transferId}', { params: { path: { transferId } } })).data,
      (t) => t?.status === 'SETTLED',
    );
    expect(settled?.amount).toBe(5_000);

    const questionnaire = await api.GET('/v1/risk-assessments/questionnaire');
    const assessed = await api.POST('/v1/risk-assessments', {
      params: { header: { 'Idempotency-Key': newIdempotencyKey() } },
      body: { questionnaireVersion: questionnaire.data?.version ?? '', answers: answersFor(3) },
    });
    expect(assessed.data?.level, JSON.stringify(assessed.error)).toBe(3);

    // Staff: a T+0 R2 product, created by a product manager and approved by an admin.
    const pm = await staffSignedIn('staff.product-manager');
    const admin = await staffSignedIn('staff.admin');
    const created = await pm.POST('/v1/ops/products', {
      params: { header: { 'Idempotency-Key': newIdempotencyKey() } },
      body: {
        ...(PRODUCT_OF_LEVEL[2] as components['schemas']['ProductInput']),
        name: 'Client journey bond fund',
        terms: { minAmount: 100, lockUpDays: 0, settlementCycle: 'T+0' },
      },
    });
    expect(created.response.status, JSON.stringify(created.error)).toBe(201);
    const productId = created.data?.productId ?? '';
    const approved = await admin.POST('/v1/ops/products/{productId}/approve', {
      params: { path: { productId }, header: { 'Idempotency-Key': newIdempotencyKey() } },
      body: { version: created.data?.version ?? 0 },
    });
    expect(approved.data?.status).toBe('APPROVED');

    const products = await api.GET('/v1/products');
    expect(products.data?.products.map((p) => p.productId)).toContain(productId);
    const ordered = await api.POST('/v1/orders', {
      params: { header: { 'Idempotency-Key': newIdempotencyKey() } },
      body: { productId, amount: 20_000, currency: 'CNY' },
    });
    expect(ordered.response.status, JSON.stringify(ordered.error)).toBe(201);
    expect(ordered.data?.suitability).toMatchObject({ customerLevel: 3, productLevel: 2 });
    const orderId = ordered.data?.orderId ?? '';
    await eventually(
      async () => (await api.GET('/v1/holdings')).data?.totals.held,
      (held) => held === 20_000,
    );

    const redeemed = await api.POST('/v1/orders/{orderId}/redeem', {
      params: { path: { orderId }, header: { 'Idempotency-Key': newIdempotencyKey() } },
    });
    expect(redeemed.response.status, JSON.stringify(redeemed.error)).toBe(201);
    // 50,000 deposited, 5,000 sent, 20,000 invested and redeemed at par.
    await eventually(balance, (b) => b === 45_000);
  }, 120_000);
});
