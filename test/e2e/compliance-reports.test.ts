// Regulatory reports and the data-security audit over HTTP (issue 14; M1-c AML reporting,
// M7.1-a periodic data-security audit, M2.5-c data-use audit; docs/regulatory-reports.md,
// docs/data-security-audit.md): deposits over the large-value threshold appear in the day's
// report with the right totals, the CSV and the JSON agree and a rerun gives the same hash;
// a submission is recorded and audited; a compliance officer files an STR from a monitoring
// case and it links the case's alerts (once per case; risk officers may not file); the
// day's data-access report flags a staff member who read many customers, raising one
// monitoring alert however often the day is audited, and shows an alert read as recorded.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Reports } from '../../shared/compliance';
import { AuditLog } from '../../shared/identity';
import { cstDate } from '../../shared/kernel';
import { DEFAULT_RULE_SET } from '../../shared/risk';
import { asFunction, useEmulator } from '../support/aws';
import { api, onboardCustomer, staffToken } from '../support/http';
import { eventually, money, post } from '../support/money';
import { alertsOf, movementEvent, sendRiskEvent } from '../support/risk';

interface Report {
  reportId: string;
  kind: string;
  reportDate: string;
  revision: number;
  rowCount: number;
  totalMinor: number;
  jsonSha256: string;
  csvSha256: string;
  status: string;
  caseId?: string;
  alertIds?: string[];
  submissions: { status: string; reference: string; by: string; revision: number }[];
  code?: string;
}
interface File {
  content: string;
  sha256: string;
  format: string;
  revision: number;
}

let compliance = '';
let risk = '';
beforeAll(async () => {
  useEmulator();
  [compliance, risk] = await Promise.all([
    staffToken('compliance-officer'),
    staffToken('risk-officer'),
  ]);
});

const yuan = (n: number) => n * 100;
const key = () => ({ 'idempotency-key': randomUUID() });
const buildDay = (day: string, token = compliance) =>
  api<Report>('POST', '/v1/ops/compliance/reports', { token, body: { day } });
const file = (reportId: string, format: 'json' | 'csv') =>
  api<File>('GET', `/v1/ops/compliance/reports/${reportId}/file?format=${format}`, {
    token: compliance,
  });

describe('large-value reports (M1-c)', () => {
  it("M1-c deposits of RMB 300,000 and 200,000 on one day appear in the day's large-value report with their total; CSV and JSON agree; a rerun gives the same hash", async () => {
    const c = await onboardCustomer();
    // Above the T+0 limit these settle on the next business day: the day's movements are
    // found under every settlement date they may carry.
    for (const amount of [yuan(300_000), yuan(200_000)]) {
      const res = await post('/v1/deposits', c.idToken, money(amount));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const day = cstDate(new Date());

    const built = await buildDay(day);
    expect(built.status, JSON.stringify(built.body)).toBe(200);
    expect(built.body).toMatchObject({
      reportId: `LV-${day}`,
      kind: 'LARGE_VALUE',
      status: 'READY',
    });

    const json = await file(`LV-${day}`, 'json');
    expect(json.status, JSON.stringify(json.body)).toBe(200);
    expect(json.body.sha256).toBe(built.body.jsonSha256);
    const doc = JSON.parse(json.body.content) as {
      institution: { code: string };
      source: string;
      rows: Reports.LargeValueRow[];
    };
    const mine = doc.rows.filter((r) => r.customerRef === c.customerId);
    // Rows of a customer sort by time: the first deposit first.
    expect(
      mine.map((r) => [
        r.ruleCode,
        r.direction,
        r.amountMinor,
        r.dayTotalMinor,
        r.dayCount,
        r.basis,
      ]),
    ).toEqual([
      ['0503', 'IN', yuan(300_000), yuan(500_000), 2, 'CUMULATIVE'],
      ['0503', 'IN', yuan(200_000), yuan(500_000), 2, 'CUMULATIVE'],
    ]);
    expect(
      mine.every((r) => r.currency === 'CNY' && r.type === 'DEPOSIT' && r.channel === 'BANK_CARD'),
    ).toBe(true);
    expect(doc.source).toMatch(/PBOC Order \[2016\] No\. 3/);

    const csv = await file(`LV-${day}`, 'csv');
    expect(csv.status).toBe(200);
    expect(csv.body.sha256).toBe(built.body.csvSha256);
    const csvRows = Reports.parseCsv(csv.body.content);
    expect(csvRows).toHaveLength(doc.rows.length);
    const csvMine = csvRows.filter((r) => r.customerRef === c.customerId);
    expect(
      csvMine.map((r) => [
        r.transactionId,
        Number(r.amountMinor),
        Number(r.dayTotalMinor),
        r.amount,
      ]),
    ).toEqual(mine.map((r) => [r.transactionId, r.amountMinor, r.dayTotalMinor, r.amount]));
    expect(csvMine.map((r) => r.institutionCode)).toEqual([
      doc.institution.code,
      doc.institution.code,
    ]);
    // No raw PII in the file: the customer is a reference, never a name or phone.
    expect(csv.body.content).not.toContain(c.applicant.phone);
    expect(csv.body.content).not.toContain(c.applicant.name);

    // A rerun on the same movements: the same revision and hash (other tests may move money
    // meanwhile; then a new revision, the earlier kept, and this customer's rows unchanged).
    const again = await buildDay(day);
    expect(again.status).toBe(200);
    if (again.body.revision === built.body.revision)
      expect(again.body.jsonSha256).toBe(built.body.jsonSha256);
    else expect(again.body.revision).toBe(built.body.revision + 1);

    // A submission, then the regulator's acceptance; out of order is refused.
    const reportId = `LV-${day}`;
    const rev = again.body.revision;
    const early = await api<Report>('POST', `/v1/ops/compliance/reports/${reportId}/submissions`, {
      token: compliance,
      body: { revision: rev, status: 'ACCEPTED', reference: 'CAMLMAC-0001' },
      headers: key(),
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('SUBMISSION_OUT_OF_ORDER');
    const sent = await api<Report>('POST', `/v1/ops/compliance/reports/${reportId}/submissions`, {
      token: compliance,
      body: { revision: rev, status: 'SUBMITTED', reference: 'CAMLMAC-0001' },
      headers: key(),
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.submissions.at(-1)).toMatchObject({
      status: 'SUBMITTED',
      reference: 'CAMLMAC-0001',
      by: 'staff.compliance-officer',
      revision: rev,
    });
  });

  it('M1-c a day that has not started is refused; customers and risk officers cannot read reports', async () => {
    const c = await onboardCustomer();
    const future = await buildDay('2999-01-01');
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('REPORT_DAY_IN_FUTURE');
    // A customer's token is not a staff token at all.
    const asCustomer = await api('GET', '/v1/ops/compliance/reports', { token: c.idToken });
    expect(asCustomer.status).toBe(401);
    const asRisk = await api('GET', '/v1/ops/compliance/reports', { token: risk });
    expect(asRisk.status).toBe(403);
    const missing = await api<Report>('GET', '/v1/ops/compliance/reports/LV-2001-01-01', {
      token: compliance,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('REPORT_NOT_FOUND');
  });
});

const large = DEFAULT_RULE_SET.rules.find((r) => r.kind === 'largeAmount')!;

describe('suspicious-transaction reports (M1-c)', () => {
  it("M1-c a compliance officer files an STR from a monitoring case: it links the case and its alerts; a second filing and a risk officer's are refused", async () => {
    const customerId = `C-str-${randomUUID()}`;
    await sendRiskEvent(movementEvent({ customerId, amount: large.thresholds.transfer }));
    await eventually(
      () => alertsOf(customerId, risk, large.id),
      (l) => l.length > 0,
    );
    const today = new Date().toISOString().slice(0, 10);
    const opened = await api<{ caseId: string; alertIds: string[] }>('POST', '/v1/ops/cases', {
      token: risk,
      body: {
        key: { kind: 'CUSTOMER', ref: customerId },
        from: today,
        to: today,
        reason: 'large transfer',
      },
      headers: key(),
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const caseId = opened.body.caseId;

    const body = {
      caseId,
      grounds: 'Large transfer unlike the customer profile',
      typology: '1801',
    };
    const byRisk = await api('POST', '/v1/ops/compliance/reports/strs', {
      token: risk,
      body,
      headers: key(),
    });
    expect(byRisk.status).toBe(403);

    const filed = await api<Report>('POST', '/v1/ops/compliance/reports/strs', {
      token: compliance,
      body,
      headers: key(),
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).toMatchObject({ kind: 'SUSPICIOUS', caseId, revision: 1, status: 'READY' });
    // Every alert of the case (the large transfer may open more than one rule's).
    expect(opened.body.alertIds.length).toBeGreaterThan(0);
    expect([...(filed.body.alertIds ?? [])].sort()).toEqual([...opened.body.alertIds].sort());

    const doc = await file(filed.body.reportId, 'json');
    expect(doc.status).toBe(200);
    const str = JSON.parse(doc.body.content) as {
      caseId: string;
      subject: { kind: string; ref: string };
      alerts: { alertId: string; ruleId: string }[];
      decidedBy: string;
      grounds: string;
    };
    expect(str).toMatchObject({
      caseId,
      subject: { kind: 'CUSTOMER', ref: customerId },
      decidedBy: 'staff.compliance-officer',
      grounds: body.grounds,
    });
    expect(str.alerts.map((a) => a.ruleId)).toContain(large.id);
    const csv = await file(filed.body.reportId, 'csv');
    const alertLines = Reports.parseCsv(csv.body.content).filter((r) => r.record === 'ALERT');
    expect(alertLines.map((r) => r.id).sort()).toEqual(str.alerts.map((a) => a.alertId).sort());

    const twice = await api<Report>('POST', '/v1/ops/compliance/reports/strs', {
      token: compliance,
      body,
      headers: key(),
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('STR_ALREADY_FILED');

    const listed = await api<{ items: Report[] }>(
      'GET',
      `/v1/ops/compliance/reports?kind=SUSPICIOUS&from=${filed.body.reportDate}&to=${filed.body.reportDate}`,
      { token: compliance },
    );
    expect(listed.body.items.map((r) => r.reportId)).toContain(filed.body.reportId);
  });
});

interface AccessReport {
  day: string;
  actors: {
    actor: string;
    kind: string;
    customerCount: number;
    customers: { customerRef: string; fields: string[] }[];
  }[];
  flags: { flagId: string; rule: string; actor: string; figure: number; threshold: number }[];
  alerts: { flagId: string; alertId: string; ruleId: string }[];
  code?: string;
}

describe('data-security audit (M7.1-a, M2.5-c)', () => {
  it("M7.1-a M2.5-c the day's data-access report flags a staff member who read 51 customers (threshold 50) and raises one alert however often the day is audited; a staff read of an alert is recorded", async () => {
    // A staff member's reads of 51 customers' files, as the audit trail records them.
    const actor = `staff.audit-probe-${randomUUID().slice(0, 8)}`;
    const table = inject('functionEnv').opsDataAudit?.AUDIT_TABLE ?? '';
    const log = new AuditLog(table);
    const customers = Array.from({ length: 51 }, () => `C-read-${randomUUID()}`);
    await asFunction('opsDataAudit', () =>
      Promise.all(
        customers.map((customerId) =>
          log.staffRead({
            customerId,
            actor,
            fields: ['name', 'phone', 'idNumber'],
            purpose: 'probe',
          }),
        ),
      ),
    );
    // And a real staff read over HTTP: a risk officer opens an alert with its customer.
    const customerId = `C-alert-${randomUUID()}`;
    await sendRiskEvent(movementEvent({ customerId, amount: large.thresholds.transfer }));
    const [alert] = await eventually(
      () => alertsOf(customerId, risk, large.id),
      (l) => l.length > 0,
    );
    expect((await api('GET', `/v1/ops/alerts/${alert!.alertId}`, { token: risk })).status).toBe(
      200,
    );
    const day = cstDate(new Date());

    const run = () =>
      api<AccessReport>('POST', `/v1/ops/compliance/data-access/${day}`, { token: compliance });
    const first = await run();
    expect(first.status, JSON.stringify(first.body).slice(0, 500)).toBe(200);
    const probe = first.body.actors.find((a) => a.actor === actor);
    expect(probe).toMatchObject({ kind: 'STAFF', customerCount: 51 });
    const flag = first.body.flags.find((f) => f.actor === actor && f.rule === 'MANY_CUSTOMERS');
    expect(flag).toMatchObject({ figure: 51, threshold: 50 });
    const raised = first.body.alerts.filter((a) => a.flagId === flag!.flagId);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.ruleId).toBe('data-access.many-customers');

    const reader = first.body.actors.find((a) => a.actor === 'staff.risk-officer');
    expect(reader?.customers.find((c) => c.customerRef === customerId)?.fields).toEqual([
      'alert',
      'name',
      'phone',
    ]);

    // Audited again: the same flag, still one alert, and it is in the risk team's alerts.
    const second = await run();
    expect(second.body.alerts.filter((a) => a.flagId === flag!.flagId)).toEqual(raised);
    const opened = await api<{ ruleId: string; reasons: string[] }>(
      'GET',
      `/v1/ops/alerts/${raised[0]!.alertId}`,
      {
        token: risk,
      },
    );
    expect(opened.status).toBe(200);
    expect(opened.body.ruleId).toBe('data-access.many-customers');
    expect(opened.body.reasons[0]).toContain(`${actor} read the data of 51 distinct customers`);

    const read = await api<AccessReport>('GET', `/v1/ops/compliance/data-access/${day}`, {
      token: compliance,
    });
    expect(read.status).toBe(200);
    expect(read.body.flags.map((f) => f.flagId)).toContain(flag!.flagId);
    const never = await api<AccessReport>('GET', '/v1/ops/compliance/data-access/2001-01-01', {
      token: compliance,
    });
    expect(never.status).toBe(404);
    expect(never.body.code).toBe('DATA_ACCESS_NOT_AUDITED');
  });
});
