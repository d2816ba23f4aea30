// Idempotency-Key holes found from outside (issue 9): a key answers only the operation it
// was first used with, and concurrent requests with one key get the first answer or 409
// IDEMPOTENCY_IN_PROGRESS (with Retry-After), never a 5xx, on every write that takes a key.
import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_LIST } from '../../functions/routes';
import { SAFE_APPLICATION } from '../support/credit';
import { answerOf, api, newApplicant, onboardCustomer, type HttpResult } from '../support/http';
import { account, eventually, fund, money, movementsOf, post } from '../support/money';
import {
  answersFor,
  approvedProduct,
  assessAs,
  createProduct,
  PRODUCT_OF_LEVEL,
  staffToken,
} from '../support/suitability';
import { alertsOf, heldTransfer, movementEvent, sendRiskEvent } from '../support/risk';
import { DEFAULT_RULE_SET } from '../../shared/risk';
import { SAMPLE_WATCHLIST } from '../support/screening';

const COMPLIANCE_POLICY = {
  title: 'Idempotency policy',
  owner: 'staff.compliance-officer',
  scope: 's',
  goals: ['g'],
  duties: ['d'],
  areas: ['OPERATIONS'],
  effectiveFrom: '2026-01-01',
  reviewBy: '2030-01-01',
  document: 'DMS-1',
  changeNote: 'first issue',
};
const COMPLIANCE_COURSE = {
  title: 'Idempotency course',
  roles: ['product-manager'],
  passMark: 70,
  dueBy: '2030-01-01',
};
const COMPLIANCE_AUDIT = {
  title: 'Idempotency audit',
  areas: ['OPERATIONS'],
  scope: 's',
  periodFrom: '2026-01-01',
  periodTo: '2026-06-30',
  areaOwner: 'staff.risk-officer',
  auditor: 'staff.admin',
  reason: 'r',
};
const COMPLIANCE_FINDING = {
  title: 'f',
  description: 'd',
  severity: 'LOW',
  recommendation: 'r',
  requirement: { kind: 'MANUAL', ref: 'M5.4-a' },
  owner: 'staff.risk-officer',
  deadline: '2030-01-01',
};
/** A compliance management write made ready for a round (its own key). */
async function compliancePost(token: string, path: string, body: unknown) {
  const r = await api<Record<string, unknown>>('POST', `/v1/ops/compliance${path}`, {
    token,
    body,
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  return r.body;
}

const LARGE_RULE_ID = DEFAULT_RULE_SET.rules.find((x) => x.kind === 'largeAmount')?.id ?? '';
const LARGE_WITHDRAWAL = (() => {
  const r = DEFAULT_RULE_SET.rules.find((x) => x.kind === 'largeAmount');
  return r?.kind === 'largeAmount' ? (r.thresholds.withdrawal ?? 0) : 0;
})();

type Customer = Awaited<ReturnType<typeof onboardCustomer>>;

describe('one Idempotency-Key, one operation (M2.3-a)', () => {
  it('M2.3-a a key used for a deposit does not answer a withdrawal with the same body, nor the reverse: IDEMPOTENCY_KEY_REUSED', async () => {
    const c = await onboardCustomer();
    await fund(c.idToken, 5_000);
    const k1 = randomUUID();
    expect((await post('/v1/deposits', c.idToken, money(1_000), k1)).status).toBe(201);
    const crossed = await post('/v1/withdrawals', c.idToken, money(1_000), k1);
    expect(crossed.status).toBe(422);
    expect(crossed.headers.get('content-type')).toBe('application/problem+json');
    expect(crossed.body).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      fields: [{ path: 'header.Idempotency-Key', reason: 'was used with a different operation' }],
    });
    const k2 = randomUUID();
    expect((await post('/v1/withdrawals', c.idToken, money(500), k2)).status).toBe(201);
    const back = await post('/v1/deposits', c.idToken, money(500), k2);
    expect(back.status).toBe(422);
    expect(back.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // One deposit of 1,000 and one withdrawal of 500 (paid out at settlement); nothing else.
    const after = await eventually(
      () => account(c.idToken),
      (a) => a.balance === 5_500 && a.held === 0,
    );
    // Exactly those two movements, both done: nothing left that could change the balance.
    const moves = await eventually(
      () => movementsOf(c.customerId),
      (ms) => ms.every((m) => m.status === 'SETTLED'),
    );
    expect(moves.map((m) => [m.type, m.amount]).sort()).toEqual(
      [
        ['DEPOSIT', 1_000],
        ['DEPOSIT', 5_000],
        ['WITHDRAWAL', 500],
      ].sort(),
    );
    expect(await account(c.idToken)).toEqual(after);
    expect(after).toMatchObject({ balance: 5_500, held: 0, available: 5_500 });
    // The first answers still replay for their own operations, marked as replays.
    for (const replay of [
      await post('/v1/deposits', c.idToken, money(1_000), k1),
      await post('/v1/withdrawals', c.idToken, money(500), k2),
    ]) {
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotency-replayed')).toBe('true');
    }
    const refusedKey = randomUUID();
    const refused = await post('/v1/withdrawals', c.idToken, money(1_000_000), refusedKey);
    expect([refused.status, refused.body.code]).toEqual([422, 'INSUFFICIENT_FUNDS']);
    expect(refused.headers.get('idempotency-replayed')).toBeNull();
    const refusedAgain = await post('/v1/withdrawals', c.idToken, money(1_000_000), refusedKey);
    expect([refusedAgain.status, refusedAgain.body.code]).toEqual([422, 'INSUFFICIENT_FUNDS']);
    expect(refusedAgain.headers.get('idempotency-replayed')).toBe('true');
    expect(refusedAgain.headers.get('content-type')).toBe('application/problem+json');
  });
});

interface Keyed {
  method: string;
  path: string;
  token: string;
  body: unknown;
}

describe('concurrent requests with one Idempotency-Key (M2.3-a)', () => {
  let a: Customer;
  let b: Customer;
  let manager: string;
  let admin: string;
  let risk: string;
  let agent: string;
  let compliance: string;
  let productId: string;
  let draft: { productId: string; version: number };
  let orderId: string;
  let movementId: string;

  beforeAll(async () => {
    [a, b] = await Promise.all([onboardCustomer(), onboardCustomer()]);
    await fund(a.idToken, 100_000);
    await assessAs(a.idToken, 5);
    [manager, admin, risk, agent, compliance] = await Promise.all([
      staffToken('product-manager'),
      staffToken('admin'),
      staffToken('risk-officer'),
      staffToken('service-agent'),
      staffToken('compliance-officer'),
    ]);
    productId = (await approvedProduct(1, 'Concurrency R1')).productId;
    const order = await post('/v1/orders', a.idToken, { productId, ...money(1_000) });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    orderId = String(order.body.orderId);
    const deposit = await post('/v1/deposits', a.idToken, money(100));
    movementId = String(deposit.body.depositId);
  }, 120_000);

  const APPLICATION = SAFE_APPLICATION;
  const approvedApplication = async () => {
    const app = await post('/v1/credit-applications', a.idToken, APPLICATION);
    expect(app.body.status, JSON.stringify(app.body)).toBe('APPROVED');
    return String(app.body.applicationId);
  };

  /** Every keyed write of the route table, with a request it can take now. */
  const writes = (): Record<string, () => Promise<Keyed>> => ({
    register: async () => ({
      method: 'POST',
      path: '/v1/registrations',
      token: '',
      body: newApplicant(),
    }),
    deposit: async () => ({
      method: 'POST',
      path: '/v1/deposits',
      token: a.idToken,
      body: money(100),
    }),
    withdraw: async () => ({
      method: 'POST',
      path: '/v1/withdrawals',
      token: a.idToken,
      body: money(100),
    }),
    transfer: async () => ({
      method: 'POST',
      path: '/v1/transfers',
      token: a.idToken,
      body: { toCustomerId: b.customerId, ...money(100) },
    }),
    applyForCredit: async () => ({
      method: 'POST',
      path: '/v1/credit-applications',
      token: a.idToken,
      body: APPLICATION,
    }),
    takeUpLoan: async () => ({
      method: 'POST',
      path: '/v1/loans',
      token: a.idToken,
      body: { applicationId: await approvedApplication() },
    }),
    repayLoan: async () => {
      const loan = await post('/v1/loans', a.idToken, {
        applicationId: await approvedApplication(),
      });
      expect(loan.status, JSON.stringify(loan.body)).toBe(201);
      return {
        method: 'POST',
        path: `/v1/loans/${String(loan.body.loanId)}/repayments`,
        token: a.idToken,
        body: { kind: 'PAYOFF' },
      };
    },
    submitAssessment: async () => ({
      method: 'POST',
      path: '/v1/risk-assessments',
      token: a.idToken,
      body: { questionnaireVersion: '2026-11', answers: answersFor(5) },
    }),
    placeOrder: async () => ({
      method: 'POST',
      path: '/v1/orders',
      token: a.idToken,
      body: { productId, ...money(1_000) },
    }),
    redeemOrder: async () => ({
      method: 'POST',
      path: `/v1/orders/${orderId}/redeem`,
      token: a.idToken,
      body: {},
    }),
    opsCreateProduct: async () => ({
      method: 'POST',
      path: '/v1/ops/products',
      token: manager,
      body: { name: `Concurrent ${randomUUID().slice(0, 8)}`, ...PRODUCT_OF_LEVEL[2] },
    }),
    opsChangeProduct: async () => {
      draft = await createProduct(2, manager, `Draft ${randomUUID().slice(0, 8)}`);
      return {
        method: 'PUT',
        path: `/v1/ops/products/${draft.productId}`,
        token: manager,
        body: { name: 'Changed', ...PRODUCT_OF_LEVEL[3] },
      };
    },
    opsApproveProduct: async () => {
      draft = await createProduct(2, manager, `To approve ${randomUUID().slice(0, 8)}`);
      return {
        method: 'POST',
        path: `/v1/ops/products/${draft.productId}/approve`,
        token: admin,
        body: { version: draft.version },
      };
    },
    opsActOnAlert: async () => {
      // A fresh alert each round: a withdrawal at the large-amount threshold, scored.
      const customerId = `c-${randomUUID()}`;
      await sendRiskEvent(
        movementEvent({
          customerId,
          movementType: 'WITHDRAWAL',
          amount: LARGE_WITHDRAWAL,
        }),
      );
      const [alert] = await eventually(
        () => alertsOf(customerId, risk),
        (list) => list.length > 0,
      );
      return {
        method: 'POST',
        path: `/v1/ops/alerts/${alert!.alertId}/actions`,
        token: risk,
        body: { action: 'COMMENT', version: alert!.version, note: 'one comment' },
      };
    },
    opsDecideHold: async () => {
      // A fresh hold each round: a large transfer right after a sign-in on a new device.
      const { movementId: held } = await heldTransfer(1_000_000);
      return {
        method: 'POST',
        path: `/v1/ops/holds/${held}/decision`,
        token: risk,
        body: { decision: 'RELEASE', reason: 'called the customer' },
      };
    },
    opsSetLimits: async () => ({
      method: 'PUT',
      path: `/v1/ops/customers/${randomUUID()}/limits`,
      token: risk,
      body: { transfer: { single: 1_000, daily: 5_000 }, reason: 'lower limits' },
    }),
    putMyConsent: async () => ({
      method: 'PUT',
      path: '/v1/customers/me/consents/MARKETING',
      token: (await onboardCustomer()).idToken,
      body: { given: true, documentVersion: '2026-11-01' },
    }),
    eraseMe: async () => ({
      method: 'POST',
      path: '/v1/customers/me/erasure',
      token: (await onboardCustomer()).idToken,
      body: undefined,
    }),
    opsChangeCustomerStatus: async () => ({
      method: 'POST',
      path: `/v1/ops/customers/${(await onboardCustomer()).customerId}/status`,
      token: risk,
      body: { action: 'FREEZE', reason: 'idempotency test' },
    }),
    opsSnoozeRule: async () => ({
      method: 'POST',
      path: `/v1/ops/alert-rules/${LARGE_RULE_ID}/snoozes`,
      token: risk,
      body: { customerId: `c-${randomUUID()}`, minutes: 30, reason: 'known cause' },
    }),
    opsActOnRuleSet: async () => {
      // A fresh draft each round, after every stored version (the rule set tests publish
      // beside this one: a version published meanwhile means trying a later one), proposed.
      let version = 0;
      for (let attempt = 0; attempt < 5 && !version; attempt++) {
        const listed = await api<{ live: { version: number }; items: { version: number }[] }>(
          'GET',
          '/v1/ops/rule-sets',
          { token: risk },
        );
        const next =
          Math.max(listed.body.live.version, ...listed.body.items.map((i) => i.version)) +
          1 +
          Math.floor(Math.random() * 100);
        const added = await api('POST', '/v1/ops/rule-sets', {
          token: risk,
          body: { ...DEFAULT_RULE_SET, version: next, description: 'Idempotency' },
        });
        if (added.status === 201) version = next;
      }
      expect(version).toBeGreaterThan(0);
      return {
        method: 'POST',
        path: `/v1/ops/rule-sets/${version}/actions`,
        token: risk,
        body: { action: 'PROPOSE', reason: 'ready for review' },
      };
    },
    opsOpenCase: async () => {
      // A fresh customer with an alert each round, grouped by that customer.
      const customerId = `c-${randomUUID()}`;
      await sendRiskEvent(
        movementEvent({ customerId, movementType: 'WITHDRAWAL', amount: LARGE_WITHDRAWAL }),
      );
      await eventually(
        () => alertsOf(customerId, risk),
        (list) => list.length > 0,
      );
      const today = new Date().toISOString().slice(0, 10);
      return {
        method: 'POST',
        path: '/v1/ops/cases',
        token: risk,
        body: { key: { kind: 'CUSTOMER', ref: customerId }, from: today, to: today, reason: 'r' },
      };
    },
    opsActOnCase: async () => {
      const customerId = `c-${randomUUID()}`;
      await sendRiskEvent(
        movementEvent({ customerId, movementType: 'WITHDRAWAL', amount: LARGE_WITHDRAWAL }),
      );
      const [alert] = await eventually(
        () => alertsOf(customerId, risk),
        (list) => list.length > 0,
      );
      const escalated = await api<{ history: { caseId?: string }[] }>(
        'POST',
        `/v1/ops/alerts/${alert!.alertId}/actions`,
        {
          token: risk,
          body: { action: 'ESCALATE', version: alert!.version, reason: 'look closer' },
          headers: { 'idempotency-key': randomUUID() },
        },
      );
      expect(escalated.status).toBe(200);
      return {
        method: 'POST',
        path: `/v1/ops/cases/${escalated.body.history.at(-1)!.caseId}/actions`,
        token: risk,
        body: { action: 'COMMENT', version: 1, note: 'one comment' },
      };
    },
    opsRecordRetentionAction: async () => ({
      method: 'POST',
      path: `/v1/ops/customers/${a.customerId}/retention-actions`,
      token: risk,
      body: { kind: 'CALL', outcome: 'RETAINED', note: 'called about the new fund' },
    }),
    opsEnterKriInput: async () => {
      // A day of its own each round (in the 1980s and 1990s: the KRI tests use later ones).
      const day = new Date(Date.UTC(1980, 0, 1) + randomInt(0, 7000) * 86_400_000);
      return {
        method: 'POST',
        path: '/v1/ops/kri/inputs',
        token: risk,
        body: {
          indicatorId: 'externalEvents',
          period: 'DAY',
          key: day.toISOString().slice(0, 10),
          value: 1,
          reason: 'provider outage',
        },
      };
    },
    // The local stage's own cash file (seeded at start): the key is recorded, the series unchanged.
    opsPutPriceSeries: async () => ({
      method: 'PUT',
      path: '/v1/ops/market-risk/series/CASH',
      token: risk,
      body: {
        csv: readFileSync(new URL('../fixtures/prices/cash.csv', import.meta.url), 'utf8'),
      },
    }),
    // Compliance management (issue 14): fresh records each round; roles of their own
    // (product-manager) so the compliance tests' training figures stay exact.
    opsCreatePolicy: async () => ({
      method: 'POST',
      path: '/v1/ops/compliance/policies',
      token: admin,
      body: COMPLIANCE_POLICY,
    }),
    opsRevisePolicy: async () => {
      const made = await compliancePost(admin, '/policies', COMPLIANCE_POLICY);
      return {
        method: 'POST',
        path: `/v1/ops/compliance/policies/${String(made.policyId)}/versions`,
        token: admin,
        body: { ...COMPLIANCE_POLICY, version: 1, changeNote: 'reviewed' },
      };
    },
    opsCreateCourse: async () => ({
      method: 'POST',
      path: '/v1/ops/compliance/training/courses',
      token: admin,
      body: COMPLIANCE_COURSE,
    }),
    opsSetTrainingRoster: async () => ({
      method: 'POST',
      path: '/v1/ops/compliance/training/roster',
      token: admin,
      body: {
        username: `staff.i${randomUUID().slice(0, 8)}`,
        roles: ['product-manager'],
        reason: 'r',
      },
    }),
    opsRecordCompletion: async () => {
      const course = await compliancePost(admin, '/training/courses', COMPLIANCE_COURSE);
      const username = `staff.i${randomUUID().slice(0, 8)}`;
      await compliancePost(admin, '/training/roster', {
        username,
        roles: ['product-manager'],
        reason: 'r',
      });
      return {
        method: 'POST',
        path: `/v1/ops/compliance/training/courses/${String(course.courseId)}/completions`,
        token: admin,
        body: { username, score: 90, completedOn: '2026-01-05' },
      };
    },
    opsPlanAudit: async () => ({
      method: 'POST',
      path: '/v1/ops/compliance/audits',
      token: admin,
      body: COMPLIANCE_AUDIT,
    }),
    opsAddAuditEvidence: async () => {
      const audit = await compliancePost(admin, '/audits', COMPLIANCE_AUDIT);
      return {
        method: 'POST',
        path: `/v1/ops/compliance/audits/${String(audit.auditId)}/evidence`,
        token: admin,
        body: { version: 1, description: 'log sample', reference: 'WP-1' },
      };
    },
    opsAddAuditFinding: async () => {
      const audit = await compliancePost(admin, '/audits', COMPLIANCE_AUDIT);
      return {
        method: 'POST',
        path: `/v1/ops/compliance/audits/${String(audit.auditId)}/findings`,
        token: admin,
        body: { version: 1, ...COMPLIANCE_FINDING },
      };
    },
    opsReportAudit: async () => {
      const audit = await compliancePost(admin, '/audits', COMPLIANCE_AUDIT);
      const id = String(audit.auditId);
      await compliancePost(admin, `/audits/${id}/evidence`, {
        version: 1,
        description: 'log sample',
        reference: 'WP-1',
      });
      return {
        method: 'POST',
        path: `/v1/ops/compliance/audits/${id}/report`,
        token: admin,
        body: { version: 2, summary: 'no findings' },
      };
    },
    opsActOnFinding: async () => {
      const audit = await compliancePost(admin, '/audits', COMPLIANCE_AUDIT);
      const made = await compliancePost(admin, `/audits/${String(audit.auditId)}/findings`, {
        version: 1,
        ...COMPLIANCE_FINDING,
      });
      return {
        method: 'POST',
        path: `/v1/ops/compliance/findings/${String((made.finding as { findingId: string }).findingId)}/actions`,
        token: admin,
        body: { action: 'START', version: 1 },
      };
    },
    opsRunCompliance: async () => ({
      method: 'POST',
      path: '/v1/ops/compliance/runs',
      token: admin,
      body: {},
    }),
    // The shipped sample list (fictional entries): the key is recorded, the list unchanged
    // after its first version.
    // A customer never screened: every answer is the same 404 (the held-transfer path is
    // test/e2e/screening-holds.test.ts).
    opsDecideScreening: async () => ({
      method: 'POST',
      path: `/v1/ops/compliance/screenings/${randomUUID()}/decisions`,
      token: compliance,
      body: { decision: 'CLEAR', reason: 'a different person: date of birth differs' },
    }),
    opsPutWatchlist: async () => ({
      method: 'POST',
      path: '/v1/ops/compliance/watchlists/idempotency-sample/versions',
      token: compliance,
      body: {
        csv: SAMPLE_WATCHLIST,
      },
    }),
    opsRetrySettlement: async () => ({
      method: 'POST',
      path: `/v1/ops/settlements/${movementId}/retry`,
      token: admin,
      body: {},
    }),
    // Complaints (issue 14, M7.4-a): filed about the customer's own movement; replied to when
    // asked; an agent's internal note.
    fileComplaint: async () => ({
      method: 'POST',
      path: '/v1/complaints',
      token: a.idToken,
      body: { category: 'PAYMENTS', description: 'late deposit', related: { movementId } },
    }),
    answerComplaint: async () => {
      const id = await complaintAfter([{ action: 'REQUEST_INFO', message: 'which card?' }]);
      return {
        method: 'POST',
        path: `/v1/complaints/${id}`,
        token: a.idToken,
        body: { action: 'REPLY', message: 'the one ending 1234' },
      };
    },
    opsActOnComplaint: async () => ({
      method: 'POST',
      path: `/v1/ops/complaints/${await complaintAfter([])}`,
      token: agent,
      body: { action: 'NOTE', note: 'called the provider' },
    }),
    opsRecordSubmission: async () => {
      // A day of its own each round (in the 1960s: nothing moved then, so an empty report).
      const day = new Date(Date.UTC(1960, 0, 1) + randomInt(0, 3600) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const compliance = await staffToken('compliance-officer');
      const built = await api('POST', '/v1/ops/compliance/reports', {
        token: compliance,
        body: { day },
      });
      expect(built.status, JSON.stringify(built.body)).toBe(200);
      return {
        method: 'POST',
        path: `/v1/ops/compliance/reports/LV-${day}/submissions`,
        token: compliance,
        body: { status: 'SUBMITTED', reference: `R-${day}` },
      };
    },
    opsFileStr: async () => {
      // A fresh customer's alert in a case of its own each round.
      const customerId = `c-${randomUUID()}`;
      await sendRiskEvent(
        movementEvent({ customerId, movementType: 'WITHDRAWAL', amount: LARGE_WITHDRAWAL }),
      );
      await eventually(
        () => alertsOf(customerId, risk),
        (list) => list.length > 0,
      );
      const today = new Date().toISOString().slice(0, 10);
      const opened = await api<{ caseId: string }>('POST', '/v1/ops/cases', {
        token: risk,
        body: { key: { kind: 'CUSTOMER', ref: customerId }, from: today, to: today, reason: 'r' },
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(opened.status, JSON.stringify(opened.body)).toBe(201);
      return {
        method: 'POST',
        path: '/v1/ops/compliance/reports/strs',
        token: await staffToken('compliance-officer'),
        body: { caseId: opened.body.caseId, grounds: 'unusual large withdrawal', typology: '1801' },
      };
    },
  });

  /** A complaint of customer a, after the agent's actions. */
  const complaintAfter = async (actions: Record<string, unknown>[]) => {
    const filed = await post('/v1/complaints', a.idToken, {
      category: 'PAYMENTS',
      description: 'late deposit',
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const id = String(filed.body.complaintId);
    for (const action of actions) {
      const done = await post(`/v1/ops/complaints/${id}`, agent, action);
      expect(done.status, JSON.stringify(done.body)).toBe(200);
    }
    return id;
  };

  it('covers every route that takes an Idempotency-Key', () => {
    const keyed = ROUTE_LIST.filter((r) => r.idempotencyKey).map((r) => r.operationId);
    expect(Object.keys(writes()).sort()).toEqual([...keyed].sort());
  });

  it.each(Object.keys(writes()))(
    'M2.3-a %s: simultaneous requests with one key get the first answer or 409 IDEMPOTENCY_IN_PROGRESS with Retry-After, never 5xx',
    async (operation) => {
      const make = writes()[operation];
      if (!make) throw new Error(operation);
      for (let round = 0; round < 3; round++) {
        const r = await make();
        const key = randomUUID();
        const answers: HttpResult[] = await Promise.all(
          Array.from({ length: 3 }, () =>
            api(r.method, r.path, {
              token: r.token,
              body: r.body,
              headers: { 'idempotency-key': key },
            }),
          ),
        );
        const label = JSON.stringify(answers.map(answerOf));
        for (const x of answers) expect(x.status, label).toBeLessThan(500);
        const waiting = answers.filter(
          (x) => x.status === 409 && x.body.code === 'IDEMPOTENCY_IN_PROGRESS',
        );
        for (const x of waiting) {
          expect(x.headers.get('retry-after'), label).toBe('1');
          expect(x.headers.get('content-type')).toBe('application/problem+json');
        }
        const answered = answers.filter((x) => !waiting.includes(x));
        expect(answered.length, label).toBeGreaterThan(0);
        // Every other answer is the first one: same status, same body.
        const first = answerOf(answered[0] ?? { status: 0, body: {} });
        for (const x of answered) expect(answerOf(x), label).toEqual(first);
        // And the key keeps answering it once the first request is done.
        const again = await api(r.method, r.path, {
          token: r.token,
          body: r.body,
          headers: { 'idempotency-key': key },
        });
        expect(answerOf(again), label).toEqual(first);
        if (again.status < 300)
          expect(again.headers.get('idempotency-replayed'), label).toBe('true');
      }
    },
    60_000,
  );

  it('M2.3-a three simultaneous deposits with one key move the money once', async () => {
    const c = await onboardCustomer();
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 3 }, () => post('/v1/deposits', c.idToken, money(2_500), key)),
    );
    for (const x of answers) expect([201, 409]).toContain(x.status);
    expect((await movementsOf(c.customerId)).map((m) => [m.type, m.amount])).toEqual([
      ['DEPOSIT', 2_500],
    ]);
    await eventually(
      () => movementsOf(c.customerId),
      (ms) => ms.every((m) => m.status === 'SETTLED'),
    );
    expect((await account(c.idToken)).balance).toBe(2_500);
  });
});
