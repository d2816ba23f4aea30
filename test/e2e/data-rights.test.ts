// The customer's data rights over HTTP (issue 14; M2.5-d, M7.1-a, M7.1-b, PIPL): consents per
// purpose given and withdrawn with their evidence, a withdrawn MARKETING consent stopping
// personalised recommendations at once, the export of the customer's own data and nobody
// else's, and an erasure after which their PII cannot be decrypted (the customer's own key is
// destroyed: a copy of the profile taken before, as a backup would hold it, no longer opens)
// while the ledger still reconciles.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { FieldCrypto, FieldDecryptionError } from '../../shared/identity/adapters/field-crypto';
import { CustomerKeys } from '../../shared/identity/adapters/customer-keys';
import { fingerprintKey } from '../../shared/compliance';
import { asFunction, clientConfig } from '../support/aws';
import { api, newApplicant, onboardCustomer, smsCode, staffToken } from '../support/http';
import { account, eventually, fund, money, post } from '../support/money';
import { approvedProduct, assessAs } from '../support/suitability';

interface Consents {
  purposes: { purpose: string; given: boolean; documentVersion?: string; channel?: string }[];
  history: {
    purpose: string;
    given: boolean;
    documentVersion: string;
    at: string;
    channel: string;
    requestId: string;
  }[];
  code?: string;
}

const setConsent = (token: string, purpose: string, body: Record<string, unknown>, key?: string) =>
  api<Consents>('PUT', `/v1/customers/me/consents/${purpose}`, {
    token,
    body,
    headers: { 'idempotency-key': key ?? randomUUID() },
  });

const NOTICE = '2026-11-01';
/** A phone as the platform keeps it: its 11 digits. */
const digits = (phone: string) => phone.replace(/\D/g, '').slice(-11);

describe('consent per purpose (M2.5-d, M7.1-b)', () => {
  it('M2.5-d M7.1-b each purpose is given and withdrawn on its own with its evidence (time, notice version, channel, request id), kept in order; the service consent is withdrawn only by erasure', async () => {
    const c = await onboardCustomer();
    const start = await api<Consents>('GET', '/v1/customers/me/consents', { token: c.idToken });
    expect(start.status).toBe(200);
    expect(start.body.purposes.map((p) => [p.purpose, p.given])).toEqual([
      ['SERVICE', true],
      ['MARKETING', false],
      ['PARTNER_SHARING', false],
    ]);
    expect(start.body.history).toEqual([
      expect.objectContaining({
        purpose: 'SERVICE',
        given: true,
        documentVersion: '2026-09-01',
        channel: 'REGISTRATION',
        requestId: c.registrationId,
      }),
    ]);

    const key = randomUUID();
    const given = await setConsent(
      c.idToken,
      'MARKETING',
      { given: true, documentVersion: NOTICE },
      key,
    );
    expect(given.status).toBe(200);
    expect(given.body.purposes.find((p) => p.purpose === 'MARKETING')).toMatchObject({
      given: true,
      documentVersion: NOTICE,
      channel: 'API',
    });
    // A retry with the same key answers as the first did and records nothing twice.
    const retry = await setConsent(
      c.idToken,
      'MARKETING',
      { given: true, documentVersion: NOTICE },
      key,
    );
    expect(retry.status).toBe(200);
    expect(retry.body.history).toHaveLength(2);

    // Sharing with partners stays off: giving marketing gave nothing else.
    expect(given.body.purposes.find((p) => p.purpose === 'PARTNER_SHARING')?.given).toBe(false);
    const outdated = await setConsent(c.idToken, 'PARTNER_SHARING', {
      given: true,
      documentVersion: '2020-01-01',
    });
    expect([outdated.status, outdated.body.code]).toEqual([422, 'CONSENT_NOTICE_OUTDATED']);
    const sharing = await setConsent(c.idToken, 'PARTNER_SHARING', {
      given: true,
      documentVersion: NOTICE,
    });
    const withdrawn = await setConsent(c.idToken, 'MARKETING', { given: false });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.purposes.map((p) => [p.purpose, p.given])).toEqual([
      ['SERVICE', true],
      ['MARKETING', false],
      ['PARTNER_SHARING', true],
    ]);
    expect(sharing.status).toBe(200);
    const history = withdrawn.body.history.map((h) => [h.purpose, h.given, h.channel]);
    expect(history).toEqual([
      ['SERVICE', true, 'REGISTRATION'],
      ['MARKETING', true, 'API'],
      ['PARTNER_SHARING', true, 'API'],
      ['MARKETING', false, 'API'],
    ]);
    for (const h of withdrawn.body.history.slice(1)) {
      expect(h.requestId).not.toBe('');
      expect(Date.parse(h.at)).not.toBeNaN();
    }

    const service = await setConsent(c.idToken, 'SERVICE', { given: false });
    expect([service.status, service.body.code]).toEqual([409, 'CONSENT_SERVICE_REQUIRED']);
    expect(JSON.stringify(service.body)).toContain('/v1/customers/me/erasure');
  });
});

describe('a withdrawn purpose stops its use at once (M7.1-b)', () => {
  it('M7.1-b M2.5-d recommendations weigh holdings and orders only while the MARKETING consent is given: off by default, on when given, off again at once when withdrawn', async () => {
    const c = await onboardCustomer();
    await assessAs(c.idToken, 3);
    await approvedProduct(1, 'Data rights R1');
    const rec = async () => {
      const r = await api<{
        personalised: boolean;
        recommendations: { reasons: { factor: string }[] }[];
      }>('GET', '/v1/products/recommendations', { token: c.idToken });
      expect(r.status).toBe(200);
      const factors = new Set(
        r.body.recommendations.flatMap((x) => x.reasons.map((y) => y.factor)),
      );
      return { personalised: r.body.personalised, behavioural: factors.has('holdings') };
    };
    expect(await rec()).toEqual({ personalised: false, behavioural: false });
    expect(
      (await setConsent(c.idToken, 'MARKETING', { given: true, documentVersion: NOTICE })).status,
    ).toBe(200);
    expect(await rec()).toEqual({ personalised: true, behavioural: true });
    expect((await setConsent(c.idToken, 'MARKETING', { given: false })).status).toBe(200);
    expect(await rec()).toEqual({ personalised: false, behavioural: false });
  });
});

interface Export {
  customerId: string;
  profile: { name: string; phone: string; idNumber: string; bankCard: string };
  consents: { current: { purpose: string }[] };
  account: { balance: number } | null;
  movements: {
    movementId: string;
    type: string;
    direction: string;
    amount: number;
    counterparty?: { name: string };
  }[];
  entries: { movementId: string; amount: number }[];
}

describe('export (M7.1-a, M2.5-d)', () => {
  it("M7.1-a M2.5-d an export holds the customer's own data and nobody else's: two customers who transferred to each other see their own identity decrypted and the other masked", async () => {
    const [a, b] = await Promise.all([onboardCustomer(), onboardCustomer()]);
    await fund(a.idToken, 20_000);
    const ab = await post('/v1/transfers', a.idToken, {
      toCustomerId: b.customerId,
      ...money(5_000),
    });
    expect(ab.status).toBe(201);
    await eventually(
      () => account(b.idToken),
      (x) => x.balance === 5_000,
    );
    const ba = await post('/v1/transfers', b.idToken, {
      toCustomerId: a.customerId,
      ...money(1_200),
    });
    expect(ba.status).toBe(201);
    await eventually(
      () => account(a.idToken),
      (x) => x.balance === 16_200 && x.held === 0,
    );

    const [ea, eb] = await Promise.all(
      [a, b].map((c) => api<Export>('GET', '/v1/customers/me/export', { token: c.idToken })),
    );
    for (const [e, me, other] of [
      [ea, a, b],
      [eb, b, a],
    ] as const) {
      expect(e?.status).toBe(200);
      const body = e?.body as Export;
      expect(body.customerId).toBe(me.customerId);
      // Their own identity, decrypted for them.
      expect(body.profile).toMatchObject({
        name: me.applicant.name,
        phone: digits(me.applicant.phone),
        idNumber: me.applicant.idNumber,
        bankCard: me.applicant.bankCard,
      });
      // Nothing of the other customer but a masked name.
      const text = JSON.stringify(body);
      for (const secret of [
        other.customerId,
        digits(other.applicant.phone),
        other.applicant.idNumber,
        other.applicant.bankCard,
        other.applicant.name,
      ])
        expect(text).not.toContain(secret);
      const transfers = body.movements.filter((m) => m.type === 'TRANSFER');
      expect(transfers).toHaveLength(2);
      for (const t of transfers) {
        expect(t.counterparty?.name).toMatch(/\*/);
        expect(t.counterparty?.name.startsWith(other.applicant.name.slice(0, 1))).toBe(true);
      }
    }
    expect(
      (ea?.body as Export).movements
        .filter((m) => m.type === 'TRANSFER')
        .map((m) => [m.direction, m.amount])
        .sort(),
    ).toEqual([
      ['IN', 1_200],
      ['OUT', 5_000],
    ]);
    expect((ea?.body as Export).account?.balance).toBe(16_200);
    expect((eb?.body as Export).account?.balance).toBe(3_800);
  });
});

describe('erasure (M7.1-b, M2.5-d)', () => {
  it("M7.1-b M2.5-d an erasure is refused while money is outstanding; then it destroys the customer's key, so their PII (a backup's copy too) can no longer be decrypted, their AML screening fingerprint is deleted, the ID number and phone can register again, and the ledger still reconciles", async () => {
    const [c, peer] = await Promise.all([onboardCustomer(), onboardCustomer()]);
    await fund(c.idToken, 10_000);
    const t = await post('/v1/transfers', c.idToken, {
      toCustomerId: peer.customerId,
      ...money(3_000),
    });
    expect(t.status).toBe(201);
    await eventually(
      () => account(c.idToken),
      (x) => x.balance === 7_000 && x.held === 0,
    );

    const blocked = await post('/v1/customers/me/erasure', c.idToken, undefined);
    expect([blocked.status, blocked.body.code]).toEqual([409, 'ERASURE_BLOCKED']);
    expect(JSON.stringify(blocked.body)).toContain('7000 fen');

    // A copy of the profile as a backup of the customers table holds it.
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()));
    const table = inject('functionEnv').customerDataRights?.CUSTOMERS_TABLE ?? '';
    // The AML screening fingerprint kept at registration (ADR 0031), in the compliance table.
    const fingerprint = async () =>
      (
        await doc.send(
          new GetCommand({
            TableName: inject('functionEnv').customerDataRights?.COMPLIANCE_TABLE ?? '',
            Key: fingerprintKey(c.customerId),
          }),
        )
      ).Item;
    // Kept for good at activation; a registration never verified leaves one that expires.
    expect(await fingerprint()).toMatchObject({ customerId: c.customerId });
    expect((await fingerprint())?.expiresAt).toBeUndefined();
    const pending = await api<{ registrationId: string }>('POST', '/v1/registrations', {
      body: newApplicant(),
    });
    expect(pending.status).toBe(201);
    const reg = (
      await doc.send(
        new GetCommand({
          TableName: table,
          Key: { pk: `REG#${pending.body.registrationId}`, sk: 'REG' },
        }),
      )
    ).Item as { customerId: string; expiresAt: number };
    const pendingPrint = (
      await doc.send(
        new GetCommand({
          TableName: inject('functionEnv').customerDataRights?.COMPLIANCE_TABLE ?? '',
          Key: fingerprintKey(reg.customerId),
        }),
      )
    ).Item as { expiresAt?: number } | undefined;
    expect(pendingPrint?.expiresAt).toBe(reg.expiresAt + 86_400);
    const backup = (
      await doc.send(
        new GetCommand({ TableName: table, Key: { pk: `CUST#${c.customerId}`, sk: 'PROFILE' } }),
      )
    ).Item as { pii: Record<string, string> };
    const open = (field: 'name' | 'phone' | 'idNumber' | 'bankCard') =>
      asFunction('customerDataRights', () => {
        const env = inject('functionEnv').customerDataRights ?? {};
        const crypto = new FieldCrypto({
          keyArn: env.PII_KEY_ARN ?? '',
          customerKeys: new CustomerKeys(env.CUSTOMER_KEYS_TABLE ?? ''),
        });
        return crypto.decryptField(c.customerId, field, backup.pii[field] ?? '');
      });
    await expect(open('idNumber')).resolves.toBe(c.applicant.idNumber);

    const out = await post('/v1/withdrawals', c.idToken, money(7_000));
    expect(out.status).toBe(201);
    await eventually(
      () => account(c.idToken),
      (x) => x.balance === 0 && x.held === 0,
    );

    const key = randomUUID();
    const erased = await post('/v1/customers/me/erasure', c.idToken, undefined, key);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ customerId: c.customerId, status: 'ERASED' });
    const years =
      new Date(String(erased.body.retainUntil)).getUTCFullYear() -
      new Date(String(erased.body.erasedAt)).getUTCFullYear();
    expect(years).toBe(10);
    // A retry with the same key answers the same.
    const again = await post('/v1/customers/me/erasure', c.idToken, undefined, key);
    expect([again.status, again.body.erasedAt]).toEqual([200, erased.body.erasedAt]);

    // The backup's ciphertexts no longer open: the customer's key is gone.
    for (const f of ['name', 'phone', 'idNumber', 'bankCard'] as const)
      await expect(open(f)).rejects.toBeInstanceOf(FieldDecryptionError);
    // The profile holds no PII, masked or not; the export and sign-in are gone.
    const profile = (
      await doc.send(
        new GetCommand({ TableName: table, Key: { pk: `CUST#${c.customerId}`, sk: 'PROFILE' } }),
      )
    ).Item as Record<string, unknown>;
    expect(profile).toMatchObject({ status: 'CLOSED' });
    expect(profile.pii).toBeUndefined();
    expect(profile.masked).toBeUndefined();
    expect(await fingerprint()).toBeUndefined();
    const exp = await api('GET', '/v1/customers/me/export', { token: c.idToken });
    expect(exp.status).toBe(404);
    const login = await api('POST', '/v1/auth/login', {
      body: { phone: c.applicant.phone, password: c.applicant.password },
    });
    expect(login.status).toBe(401);

    // The ledger keeps the transaction records and still reconciles.
    const admin = await staffToken('admin');
    const recon = await api<{ breaks: { ref: string }[] }>('POST', '/v1/ops/reconciliations', {
      token: admin,
      body: { graceSeconds: 0 },
    });
    expect(recon.status).toBe(200);
    expect(
      recon.body.breaks.filter(
        (b) =>
          b.ref.includes(c.customerId) ||
          [t.body.transferId, out.body.withdrawalId].some((id) => b.ref.includes(String(id))),
      ),
    ).toEqual([]);
    const peerAccount = await account(peer.idToken);
    expect(peerAccount.balance).toBe(3_000);

    // The ID number and phone may register again (a real registration: its code is sent and
    // it verifies; a decoy's never is).
    const since = new Date(Date.now() - 1).toISOString();
    const again2 = await api<{ registrationId: string }>('POST', '/v1/registrations', {
      body: {
        ...newApplicant(),
        name: c.applicant.name,
        idNumber: c.applicant.idNumber,
        phone: c.applicant.phone,
      },
    });
    expect(again2.status).toBe(201);
    const code = await smsCode(c.applicant.phone, { notBefore: since });
    const back = await api<{ customerId: string }>(
      'POST',
      `/v1/registrations/${again2.body.registrationId}/verify`,
      { body: { code } },
    );
    expect(back.status).toBe(200);
    expect(back.body.customerId).not.toBe(c.customerId);
  });
});
