// AML screening in the flows, over HTTP (issue 14, M1-c; ADR 0031, ADR 0012): a compliance
// officer stores a sanctions list with a name in pinyin only; a customer who registers with
// that name in Chinese characters is screened at registration (a hit, stamped with the list
// version, masked), which opens a SCREENING alert; a transfer to them is held through the
// monitoring hold until a compliance officer clears the hit, after which it settles.
// Confirming a hit takes two different compliance officers, and rejects the held transfer.
// A list update re-screens customers registered before it: a new entry in pinyin finds a
// customer registered in characters, another finds one by ID number, within seconds.
// The entry's name is drawn per run from characters the other tests' names never use, so the
// list in force screens no one else.
import { randomInt, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, newStaffMember, onboardCustomer, staffToken } from '../support/http';
import { account, eventually, fund, post } from '../support/money';
import { alertsOf, openHolds } from '../support/risk';

// Surnames and given-name characters (GB 2312) absent from test/support/http.ts's names.
const SURNAMES = [
  ['高', 'Gao'],
  ['林', 'Lin'],
  ['罗', 'Luo'],
  ['梁', 'Liang'],
  ['宋', 'Song'],
  ['郭', 'Guo'],
] as const;
const GIVEN = [
  ['宇', 'yu'],
  ['轩', 'xuan'],
  ['浩', 'hao'],
  ['博', 'bo'],
  ['思', 'si'],
  ['嘉', 'jia'],
  ['梓', 'zi'],
  ['涵', 'han'],
] as const;
const pick = <T>(xs: readonly T[]) => xs[randomInt(0, xs.length)] as T;

/** A name in characters and the same name in pinyin (given name joined, either order on the list). */
function listedName() {
  const [sc, sp] = pick(SURNAMES);
  const [g1c, g1p] = pick(GIVEN);
  const [g2c, g2p] = pick(GIVEN);
  return {
    chinese: `${sc}${g1c}${g2c}`,
    pinyin: `${sp} ${g1p[0]!.toUpperCase()}${g1p.slice(1)}${g2p}`,
  };
}

type Screening = {
  customerId: string;
  status: string;
  lists: { listId: string; version: number }[];
  hits: {
    listId: string;
    listVersion: number;
    entryId: string;
    score: number;
    found?: string;
    matchedOn: string;
    alignments: { query: string; how: string; detail: string }[];
  }[];
  decisions: { decision: string; by: string; reason: string }[];
  holds?: { released: string[]; rejected: string[]; left: string[] };
  code?: string;
};

const screeningOf = (customerId: string, token: string) =>
  api<Screening>('GET', `/v1/ops/compliance/screenings/${customerId}`, { token });
const decideScreening = (customerId: string, token: string, body: unknown, key = randomUUID()) =>
  api<Screening>('POST', `/v1/ops/compliance/screenings/${customerId}/decisions`, {
    token,
    body,
    headers: { 'idempotency-key': key },
  });
const transferStatus = async (id: string, token: string) =>
  (await api<{ status: string }>('GET', `/v1/transfers/${id}`, { token })).body.status;

/** A transfer that monitoring holds: its id and the open hold. */
async function heldTransfer(fromToken: string, toCustomerId: string, amount: number, risk: string) {
  const sent = await post('/v1/transfers', fromToken, { toCustomerId, amount, currency: 'CNY' });
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  const movementId = String(sent.body.transferId);
  const [hold] = await eventually(
    async () => (await openHolds(risk)).filter((h) => h.movementId === movementId),
    (list) => list.length === 1,
  );
  return { movementId, hold: hold! };
}

/** A second compliance officer, for four-eyes screening decisions. */
const secondOfficer = async (admin: string) =>
  (
    await newStaffMember(
      admin,
      'compliance-officer',
      'second compliance officer for four-eyes screening decisions',
    )
  ).token;

describe('M1-c screening at registration and before settlement', () => {
  let compliance = '';
  let risk = '';
  let admin = '';
  let listed: { chinese: string; pinyin: string }[] = [];
  let version = 0;
  let csv = '';

  beforeAll(async () => {
    [compliance, risk, admin] = await Promise.all([
      staffToken('compliance-officer'),
      staffToken('risk-officer'),
      staffToken('admin'),
    ]);
    listed = [listedName(), listedName()];
    while (listed[1]!.chinese === listed[0]!.chinese) listed[1] = listedName();
    csv = [
      'entry_id,kind,names,id_numbers,programme,listed_on,remarks',
      ...listed.map(
        (n, i) =>
          `E2E-${i + 1},PERSON,${n.pinyin},,SAMPLE-SANCTIONS,2026-11-01,FICTIONAL entry for the screening e2e`,
      ),
    ].join('\n');
    const stored = await api<{ version: number }>(
      'POST',
      '/v1/ops/compliance/watchlists/sanctions/versions',
      { token: compliance, body: { csv }, headers: { 'idempotency-key': randomUUID() } },
    );
    expect(stored.status, JSON.stringify(stored.body)).toBe(201);
    version = stored.body.version;
  }, 120_000);

  it('M1-c a customer registering in Chinese characters hits a sanctions entry listed in pinyin: the hit is stamped with the list version, masked, alerted, and a transfer to them is held until a compliance officer clears it, then settles', async () => {
    const name = listed[0]!;
    const [a, b] = await Promise.all([onboardCustomer(), onboardCustomer({ name: name.chinese })]);

    // Screened at registration: one hit on the pinyin entry, stamped with the version in force.
    const result = await screeningOf(b.customerId, compliance);
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body).toMatchObject({ customerId: b.customerId, status: 'OPEN' });
    expect(result.body.lists).toContainEqual({ listId: 'sanctions', version });
    expect(result.body.hits.map((h) => [h.listId, h.listVersion, h.entryId])).toEqual([
      ['sanctions', version, 'E2E-1'],
    ]);
    expect(result.body.hits[0]!.alignments.map((x) => x.how)).toContain('pinyin');
    // No raw PII: the customer's name and ID number never appear whole (a token shows its
    // first character, as maskName does), in the hit or anywhere in the answer.
    for (const part of [name.chinese, name.chinese.slice(1), b.applicant.idNumber])
      expect(JSON.stringify(result.body)).not.toContain(part);
    // The customer with no hit is CLEAR, stamped with the same version.
    const clear = await screeningOf(a.customerId, risk);
    expect(clear.body).toMatchObject({ status: 'CLEAR', hits: [] });

    // A monitoring alert of the screening kind, on the registration.
    const [alert] = await eventually(
      () => alertsOf(b.customerId, risk, 'aml-screening'),
      (list) => list.length === 1,
    );
    expect(alert!.reasons.join(' ')).toMatch(
      new RegExp(`sanctions v${version}: entry E2E-1 \\(SAMPLE-SANCTIONS\\)`),
    );
    expect(alert!.reasons.join(' ')).not.toContain(name.chinese);

    // A transfer to them is held through the monitoring hold.
    await fund(a.idToken, 50_000);
    const { movementId, hold } = await heldTransfer(a.idToken, b.customerId, 20_000, risk);
    expect(hold.rules.map((r) => r.ruleId)).toEqual(['aml-screening']);
    expect(hold.rules[0]!.reason).toMatch(/^the counterparty has an open AML screening hit/);
    expect(await transferStatus(movementId, a.idToken)).toBe('PENDING');
    expect((await account(b.idToken)).balance).toBe(0);

    // Only compliance officers decide, with a reason.
    expect(
      (await decideScreening(b.customerId, risk, { decision: 'CLEAR', reason: 'x' })).status,
    ).toBe(403);
    expect((await decideScreening(b.customerId, compliance, { decision: 'CLEAR' })).status).toBe(
      400,
    );

    const key = randomUUID();
    const cleared = await decideScreening(
      b.customerId,
      compliance,
      { decision: 'CLEAR', reason: 'a different person: date of birth and ID number differ' },
      key,
    );
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect(cleared.body).toMatchObject({
      status: 'CLEARED',
      decisions: [
        { decision: 'CLEAR', reason: 'a different person: date of birth and ID number differ' },
      ],
      holds: { released: [movementId], rejected: [], left: [] },
    });
    // A retry with the key answers the same.
    const again = await decideScreening(
      b.customerId,
      compliance,
      { decision: 'CLEAR', reason: 'a different person: date of birth and ID number differ' },
      key,
    );
    expect(again.body).toEqual(cleared.body);
    // Decided once: a new decision finds no open hit.
    const late = await decideScreening(b.customerId, compliance, {
      decision: 'CONFIRM',
      reason: 'late',
    });
    expect([late.status, late.body.code]).toEqual([409, 'SCREENING_NOT_OPEN']);

    await eventually(
      () => account(b.idToken),
      (acc) => acc.balance === 20_000,
    );
    expect(await transferStatus(movementId, a.idToken)).toBe('SETTLED');
  });

  it('M1-c confirming a hit takes a second, different compliance officer (four-eyes), and rejects the held transfer: the money goes back', async () => {
    const name = listed[1]!;
    const [a, b] = await Promise.all([onboardCustomer(), onboardCustomer({ name: name.chinese })]);
    await eventually(
      async () => (await screeningOf(b.customerId, compliance)).body.status,
      (s) => s === 'OPEN',
    );
    await fund(a.idToken, 30_000);
    const { movementId } = await heldTransfer(a.idToken, b.customerId, 10_000, risk);

    const proposed = await decideScreening(b.customerId, compliance, {
      decision: 'CONFIRM',
      reason: 'same person: listed date of birth matches',
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(200);
    expect(proposed.body.status).toBe('OPEN');
    expect(proposed.body.decisions.map((d) => d.decision)).toEqual(['CONFIRM_PROPOSED']);
    const self = await decideScreening(b.customerId, compliance, {
      decision: 'CONFIRM',
      reason: 'confirming my own proposal',
    });
    expect([self.status, self.body.code]).toEqual([403, 'FOUR_EYES_REQUIRED']);

    const second = await secondOfficer(admin);
    const confirmed = await decideScreening(b.customerId, second, {
      decision: 'CONFIRM',
      reason: 'agreed: true match',
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body).toMatchObject({
      status: 'CONFIRMED',
      holds: { released: [], rejected: [movementId], left: [] },
    });
    expect(confirmed.body.decisions.map((d) => d.decision)).toEqual([
      'CONFIRM_PROPOSED',
      'CONFIRM',
    ]);
    expect(await transferStatus(movementId, a.idToken)).toBe('FAILED');
    expect((await account(a.idToken)).balance).toBe(30_000);
    expect((await account(b.idToken)).balance).toBe(0);
  });

  it('M1-c a list update re-screens the customers registered before it within minutes: a new pinyin entry finds a customer registered in characters, an ID number finds another; alerted, held until cleared', async () => {
    let name = listedName();
    while (listed.some((n) => n.chinese === name.chinese)) name = listedName();
    const [a, b, c] = await Promise.all([
      onboardCustomer(),
      onboardCustomer({ name: name.chinese }),
      onboardCustomer(),
    ]);
    for (const x of [a, b, c])
      expect((await screeningOf(x.customerId, compliance)).body.status).toBe('CLEAR');
    await fund(b.idToken, 40_000);

    // The list's next version: the entries in force, one new name in pinyin, and one new
    // entry whose name is nobody's but whose ID number is c's.
    const tag = randomUUID().slice(0, 8).toUpperCase();
    const next = [
      csv,
      `R-${tag}-1,PERSON,${name.pinyin},,SAMPLE-SANCTIONS,2026-11-29,FICTIONAL entry for the re-screening e2e`,
      `R-${tag}-2,PERSON,Ofelia Quarternight,${c.applicant.idNumber},SAMPLE-SANCTIONS,2026-11-29,FICTIONAL entry for the re-screening e2e`,
    ].join('\n');
    const started = Date.now();
    const stored = await api<{ version: number }>(
      'POST',
      '/v1/ops/compliance/watchlists/sanctions/versions',
      { token: compliance, body: { csv: next }, headers: { 'idempotency-key': randomUUID() } },
    );
    expect(stored.status, JSON.stringify(stored.body)).toBe(201);
    const v2 = stored.body.version;
    expect(v2).toBeGreaterThan(version);

    const reopened = await eventually(
      async () => (await screeningOf(b.customerId, compliance)).body,
      (s) => s.status === 'OPEN',
      120_000,
    );
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`M1-c re-screened after a list update in ${seconds.toFixed(1)} s\n`);
    expect(
      reopened.hits.map((h) => [h.listId, h.listVersion, h.entryId, h.matchedOn, h.found]),
    ).toEqual([['sanctions', v2, `R-${tag}-1`, 'NAME', 'RESCREENING']]);
    expect(reopened.hits[0]!.score).toBeGreaterThanOrEqual(0.85);
    expect(reopened.lists).toContainEqual({ listId: 'sanctions', version: v2 });
    const byId = await eventually(
      async () => (await screeningOf(c.customerId, compliance)).body,
      (s) => s.status === 'OPEN',
      120_000,
    );
    expect(byId.hits.map((h) => [h.entryId, h.matchedOn, h.score])).toEqual([
      [`R-${tag}-2`, 'ID_NUMBER', 1],
    ]);
    // No one else: the customer with neither name nor ID number on the list stays clear.
    expect((await screeningOf(a.customerId, compliance)).body).toMatchObject({
      status: 'CLEAR',
      hits: [],
    });

    // Monitoring alerts on the re-screening (one alert, the list version named).
    const [alert] = await eventually(
      () => alertsOf(b.customerId, risk, 'aml-screening'),
      (list) => list.length === 1,
    );
    expect(alert!.reasons.join(' ')).toMatch(
      new RegExp(`sanctions v${v2}: entry R-${tag}-1 \\(SAMPLE-SANCTIONS\\), name keys overlap`),
    );

    // b's transfer out is held until a compliance officer clears the hit, then settles.
    const { movementId, hold } = await heldTransfer(b.idToken, a.customerId, 15_000, risk);
    expect(hold.rules.map((r) => r.ruleId)).toEqual(['aml-screening']);
    const cleared = await decideScreening(b.customerId, compliance, {
      decision: 'CLEAR',
      reason: 'a different person: the listed date of birth differs',
    });
    expect(cleared.body).toMatchObject({
      status: 'CLEARED',
      holds: { released: [movementId], rejected: [], left: [] },
    });
    await eventually(
      () => account(a.idToken),
      (acc) => acc.balance === 15_000,
    );
  }, 240_000);
});
