// Compliance management over HTTP against the local platform (issue 14, M5.1-a .. M5.4-a;
// docs/compliance-management.md): a finding that cannot close without verification by
// someone other than its owner (the owner's own verification refused with
// REMEDIATION_SELF_VERIFICATION, a second compliance officer's passes, then it closes), every
// change audited; policy review reminders raised once per policy version; a training
// overdue list with its figures; read access for other staff to the policies only.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays, cstDate } from '../../shared/kernel';
import { clientConfig } from '../support/aws';
import { api, newStaffMember, staffToken } from '../support/http';

type Body = Record<string, unknown> & { code?: string; version?: number };

const today = () => cstDate(new Date());

let officer = '';
let second = '';
let secondName = '';
let risk = '';
let admin = '';

const post = (token: string, path: string, body: unknown, key = randomUUID()) =>
  api<Body>('POST', `/v1/ops/compliance${path}`, {
    token,
    body,
    headers: { 'idempotency-key': key },
  });
const get = <T = Body>(token: string, path: string) =>
  api<T>('GET', `/v1/ops/compliance${path}`, { token });

/** A second compliance officer (four-eyes: the verifier is not the owner). */
const secondOfficer = () =>
  newStaffMember(admin, 'compliance-officer', 'second compliance officer for verification');

beforeAll(async () => {
  [officer, risk, admin] = await Promise.all([
    staffToken('compliance-officer'),
    staffToken('risk-officer'),
    staffToken('admin'),
  ]);
  const made = await secondOfficer();
  second = made.token;
  secondName = made.username;
}, 90_000);

const POLICY = {
  title: 'Data security policy',
  owner: 'staff.compliance-officer',
  scope: 'Every system that holds customer data',
  goals: ['Protect customer data'],
  duties: ['Engineers encrypt PII at field level', 'Compliance reviews access yearly'],
  areas: ['DATA_SECURITY', 'PRIVACY'],
  document: 'DMS-2026-0007',
  changeNote: 'first issue',
};

describe('compliance management (issue 14)', () => {
  it('M5.4-a a finding cannot close without verification by someone else: the owner verifying is refused with REMEDIATION_SELF_VERIFICATION, a second compliance officer verifies, then it closes; every step audited', async () => {
    const planned = await post(officer, '/audits', {
      title: 'Screening controls',
      areas: ['AML'],
      scope: 'Name screening at registration',
      periodFrom: '2026-01-01',
      periodTo: '2026-10-31',
      areaOwner: 'staff.risk-officer',
      auditor: 'staff.compliance-officer',
      reason: 'annual plan',
    });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    const auditId = String(planned.body.auditId);
    // The area's owner cannot audit it.
    const notIndependent = await post(officer, '/audits', {
      title: 'Self audit',
      areas: ['AML'],
      scope: 's',
      periodFrom: '2026-01-01',
      periodTo: '2026-10-31',
      areaOwner: 'staff.compliance-officer',
      auditor: 'staff.compliance-officer',
      reason: 'r',
    });
    expect(notIndependent.status).toBe(422);
    expect(notIndependent.body.code).toBe('AUDITOR_NOT_INDEPENDENT');

    const evidence = await post(officer, `/audits/${auditId}/evidence`, {
      version: 1,
      description: 'Screening log sample of 200 registrations',
      reference: 'WP-1',
    });
    expect(evidence.status, JSON.stringify(evidence.body)).toBe(201);
    expect(evidence.body).toMatchObject({ status: 'FIELDWORK', version: 2 });
    const raised = await post(officer, `/audits/${auditId}/findings`, {
      version: 2,
      title: 'Pinyin variants not screened',
      description: '3 of 200 registrations matched a listed name only by pinyin',
      severity: 'HIGH',
      recommendation: 'Screen pinyin with and without tones',
      requirement: { kind: 'MANUAL', ref: 'M1-c' },
      owner: 'staff.compliance-officer',
      deadline: addDays(today(), 30),
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    const finding = raised.body.finding as Body & { findingId: string };
    expect(finding).toMatchObject({
      status: 'OPEN',
      version: 1,
      owner: 'staff.compliance-officer',
    });
    const id = finding.findingId;

    const act = (token: string, body: Record<string, unknown>) =>
      post(token, `/findings/${id}/actions`, body);
    // Nothing skips ahead: closing an open item is refused.
    const early = await act(officer, { action: 'CLOSE', version: 1 });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('REMEDIATION_STATE');
    expect((await act(officer, { action: 'START', version: 1 })).body.status).toBe('IN_PROGRESS');
    const bare = await act(officer, { action: 'SUBMIT', version: 2, evidence: [] });
    expect(bare.status).toBe(422);
    expect(bare.body.code).toBe('REMEDIATION_EVIDENCE_REQUIRED');
    const submitted = await act(officer, {
      action: 'SUBMIT',
      version: 2,
      evidence: [{ description: 'matcher release with pinyin rules', reference: 'CHG-77' }],
    });
    expect(submitted.body).toMatchObject({ status: 'SUBMITTED', version: 3 });

    // The owner (who also submitted) verifying their own work is refused.
    const own = await act(officer, { action: 'VERIFY', version: 3, note: 'looks fine' });
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('REMEDIATION_SELF_VERIFICATION');
    // A stale version is refused before anything else.
    const stale = await act(second, { action: 'VERIFY', version: 2, note: 'n' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONCURRENT_CHANGE');
    // A risk officer may not act on the ledger at all.
    expect((await act(risk, { action: 'VERIFY', version: 3, note: 'n' })).status).toBe(403);

    const verified = await act(second, {
      action: 'VERIFY',
      version: 3,
      note: 'replayed the 3 registrations: all now hit',
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body).toMatchObject({ status: 'VERIFIED', verifiedBy: secondName, version: 4 });
    const closed = await act(officer, { action: 'CLOSE', version: 4 });
    expect(closed.body).toMatchObject({ status: 'CLOSED', closedBy: 'staff.compliance-officer' });
    expect((closed.body.history as { action: string }[]).map((h) => h.action)).toEqual([
      'RAISED',
      'START',
      'SUBMIT',
      'VERIFY',
      'CLOSE',
    ]);
    // Moving back is refused.
    expect((await act(officer, { action: 'START', version: 5 })).body.code).toBe(
      'REMEDIATION_STATE',
    );

    const view = await get(officer, `/audits/${auditId}`);
    expect(view.body.remediation).toEqual({ byStatus: { CLOSED: 1 }, closed: 1, total: 1 });

    const audit = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()));
    const trail = await audit.send(
      new QueryCommand({
        TableName: inject('functionEnv').opsComplianceManagement?.AUDIT_TABLE ?? '',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `OPS#compliance.finding.${id}` },
      }),
    );
    const steps = (trail.Items ?? [])
      .map((i) => [i.type, i.actor, (i.fields as string[])[0]])
      .sort((a, b) => String(a[2]).localeCompare(String(b[2])));
    expect(steps).toEqual(
      [
        ['COMPLIANCE', 'staff.compliance-officer', 'FINDING_CLOSE'],
        ['COMPLIANCE', 'staff.compliance-officer', 'FINDING_RAISED'],
        ['COMPLIANCE', 'staff.compliance-officer', 'FINDING_START'],
        ['COMPLIANCE', 'staff.compliance-officer', 'FINDING_SUBMIT'],
        ['COMPLIANCE', secondName, 'FINDING_VERIFY'],
      ].sort((a, b) => String(a[2]).localeCompare(String(b[2]))),
    );
  }, 60_000);

  it('M5.1-a a policy review due within 30 days, and one overdue, each raise one reminder; a later run raises none again; a revision supersedes the version in force and keeps it', async () => {
    const t = today();
    const create = (reviewBy: string, effectiveFrom = addDays(t, -300)) =>
      post(officer, '/policies', { ...POLICY, effectiveFrom, reviewBy });
    const [soon, later, overdue] = await Promise.all([
      create(addDays(t, 10)),
      create(addDays(t, 200)),
      create(addDays(t, -1)),
    ]);
    for (const p of [soon, later, overdue]) expect(p.status, JSON.stringify(p.body)).toBe(201);
    expect(soon.body.review).toEqual({ state: 'REVIEW_DUE', daysLeft: 10 });
    expect(later.body.review).toEqual({ state: 'CURRENT', daysLeft: 200 });
    expect(overdue.body.review).toEqual({ state: 'REVIEW_OVERDUE', daysLeft: -1 });
    const ids = [soon, later, overdue].map((p) => String(p.body.policyId));
    const mine = (r: { subject: string }) => ids.includes(r.subject);

    type Run = {
      raised: { subject: string; kind: string; severity: string; message: string }[];
      published: number;
    };
    const first = await post(officer, '/runs', {});
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const raised = (first.body as unknown as Run).raised.filter(mine);
    expect(raised.map((r) => [r.subject, r.kind, r.severity]).sort()).toEqual(
      [
        [ids[0], 'POLICY_REVIEW', 'LOW'],
        [ids[2], 'POLICY_REVIEW', 'MEDIUM'],
      ].sort(),
    );
    expect(raised.find((r) => r.subject === ids[0])?.message).toContain('in 10 days');
    const again = await post(officer, '/runs', {});
    expect((again.body as unknown as Run).raised.filter(mine)).toEqual([]);
    const listed = await get<{ items: { subject: string }[] }>(
      officer,
      '/reminders?kind=POLICY_REVIEW',
    );
    expect(listed.body.items.filter(mine)).toHaveLength(2);

    // The revision: version 2 in force with a new review date, version 1 kept and marked.
    const revised = await post(officer, `/policies/${ids[0]}/versions`, {
      ...POLICY,
      version: 1,
      effectiveFrom: t,
      reviewBy: addDays(t, 365),
      changeNote: 'reviewed: duties unchanged',
    });
    expect(revised.status, JSON.stringify(revised.body)).toBe(201);
    expect(revised.body).toMatchObject({ version: 2, review: { state: 'CURRENT', daysLeft: 365 } });
    const read = await get<{
      version: number;
      versions: { version: number; supersededBy?: number }[];
    }>(risk, `/policies/${ids[0]}`);
    expect(read.status).toBe(200);
    expect(read.body.versions.map((v) => [v.version, v.supersededBy ?? null])).toEqual([
      [1, 2],
      [2, null],
    ]);
    // Revising the version read twice: the second loses.
    const twice = await post(officer, `/policies/${ids[0]}/versions`, {
      ...POLICY,
      version: 1,
      effectiveFrom: t,
      reviewBy: addDays(t, 100),
      changeNote: 'late edit',
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('CONCURRENT_CHANGE');
    // Other staff read the policies in force but change nothing.
    const byRisk = await post(risk, '/policies', {
      ...POLICY,
      effectiveFrom: t,
      reviewBy: addDays(t, 9),
    });
    expect(byRisk.status).toBe(403);
    expect((await get(risk, '/findings')).status).toBe(403);
  }, 60_000);

  it('M5.2-a the training overdue list: per course who has not passed by the due date and how many days late, per person every overdue course, passes and other roles excluded', async () => {
    const t = today();
    const tag = randomUUID().slice(0, 6);
    const [u1, u2, u3] = ['a', 'b', 'c'].map((x) => `staff.t${tag}${x}`) as [
      string,
      string,
      string,
    ];
    const course = async (roles: string[], dueBy: string, passMark: number) => {
      const made = await post(officer, '/training/courses', {
        title: `AML basics ${tag}`,
        roles,
        passMark,
        dueBy,
        areas: ['AML'],
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      return String(made.body.courseId);
    };
    const late = await course(['service-agent'], addDays(t, -5), 80);
    const ahead = await course(['service-agent', 'credit-officer'], addDays(t, 10), 60);
    for (const [u, roles] of [
      [u1, ['service-agent']],
      [u2, ['service-agent']],
      [u3, ['credit-officer']],
    ] as const) {
      const r = await post(officer, '/training/roster', { username: u, roles, reason: 'joined' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const attempt = (u: string, score: number, courseId = late) =>
      post(officer, `/training/courses/${courseId}/completions`, {
        username: u,
        score,
        completedOn: addDays(t, -1),
      });
    expect((await attempt(u1, 70)).body).toMatchObject({ attempt: 1, passed: false });
    expect((await attempt(u1, 85)).body).toMatchObject({ attempt: 2, passed: true });
    expect((await attempt(u2, 60)).body).toMatchObject({ attempt: 1, passed: false });
    const notAssigned = await attempt(u3, 90);
    expect(notAssigned.status).toBe(422);
    expect(notAssigned.body.code).toBe('TRAINING_NOT_ASSIGNED');

    type Overdue = {
      asOf: string;
      byCourse: {
        courseId: string;
        assigned: number;
        passed: number;
        overdue: { username: string; daysOverdue: number; bestScore?: number; attempts: number }[];
      }[];
      byPerson: {
        username: string;
        courses: { courseId: string; daysOverdue: number; bestScore?: number }[];
      }[];
    };
    const overdue = await get<Overdue>(officer, `/training/overdue?courseId=${late}`);
    expect(overdue.status, JSON.stringify(overdue.body)).toBe(200);
    expect(overdue.body.asOf).toBe(t);
    const byCourse = overdue.body.byCourse.find((c) => c.courseId === late);
    const ours = (u: string) => [u1, u2, u3].includes(u);
    expect(byCourse?.overdue.filter((s) => ours(s.username))).toEqual([
      { username: u2, status: 'OVERDUE', attempts: 1, bestScore: 60, daysOverdue: 5 },
    ]);
    const person = await get<Overdue>(officer, `/training/overdue?username=${u2}`);
    expect(person.body.byPerson).toEqual([
      {
        username: u2,
        roles: ['service-agent'],
        courses: [
          {
            courseId: late,
            title: `AML basics ${tag}`,
            dueBy: addDays(t, -5),
            daysOverdue: 5,
            attempts: 1,
            bestScore: 60,
          },
        ],
      },
    ]);
    expect((await get<Overdue>(officer, `/training/overdue?username=${u1}`)).body.byPerson).toEqual(
      [],
    );
    // The course due in 10 days is assigned to all three, overdue for none.
    const courses = await get<{
      items: { courseId: string; overdue: unknown[]; due: { username: string }[] }[];
    }>(officer, '/training/courses');
    const next = courses.body.items.find((c) => c.courseId === ahead);
    expect(next?.overdue).toEqual([]);
    expect(
      next?.due
        .map((d) => d.username)
        .filter(ours)
        .sort(),
    ).toEqual([u1, u2, u3].sort());
  }, 60_000);
});
