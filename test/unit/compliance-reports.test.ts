// Regulatory reports (issue 14, M1-c) and the data-security audit (M7.1-a, M2.5-c): the
// shipped PBOC thresholds, the large-value rules applied per customer, side and day (single
// and cumulative, at the threshold included), the files (CSV and JSON agree, same input same
// hash), submissions in order, and the data-access flags with numbers.
import { describe, expect, it } from 'vitest';
import {
  DataAudit,
  DEFAULT_DATA_AUDIT,
  DEFAULT_REPORTS_CONFIG,
  Reports,
  ReportsConfigSchema,
} from '../../shared/compliance';

const yuan = (n: number) => n * 100;
let seq = 0;
const move = (
  over: Partial<Reports.ReportableMovement> &
    Pick<Reports.ReportableMovement, 'customerId' | 'amount'>,
): Reports.ReportableMovement => {
  const type = over.type ?? 'DEPOSIT';
  return {
    movementId: over.movementId ?? `M${String(++seq).padStart(4, '0')}`,
    type,
    currency: 'CNY',
    createdAt: over.createdAt ?? `2026-11-28T0${seq % 10}:00:00.000Z`,
    channel: over.channel ?? Reports.channelOf(type),
    crossBorder: over.crossBorder ?? false,
    ...over,
  };
};

describe('M1-c large-value thresholds as shipped', () => {
  it('M1-c ships the PBOC figures with their source: cash 50,000, natural domestic 500,000, cross-border 200,000, non-natural 2,000,000 (RMB)', () => {
    const c = ReportsConfigSchema.parse(DEFAULT_REPORTS_CONFIG);
    const cny = (code: string) =>
      c.rules.find((r) => r.code === code)!.thresholds.find((t) => t.currency === 'CNY')!.minor;
    expect(cny('0501')).toBe(5_000_000);
    expect(cny('0502')).toBe(200_000_000);
    expect(cny('0503')).toBe(50_000_000);
    expect(cny('0504')).toBe(20_000_000);
    const usd = (code: string) =>
      c.rules.find((r) => r.code === code)!.thresholds.find((t) => t.currency === 'USD')!.minor;
    expect([usd('0501'), usd('0502'), usd('0503'), usd('0504')]).toEqual([
      1_000_000, 20_000_000, 10_000_000, 1_000_000,
    ]);
    expect(c.source).toMatch(/PBOC Order \[2016\] No\. 3.*\[2018\] No\. 2/);
    expect(c.dueWorkingDays).toBe(5);
  });

  it('M1-c refuses a configuration with two rules of one code, at load', () => {
    const bad = structuredClone(DEFAULT_REPORTS_CONFIG);
    bad.rules[1] = { ...bad.rules[1]!, code: '0501' };
    const r = ReportsConfigSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['rules', 1, 'code']);
  });
});

describe('M1-c large-value rules per customer per day', () => {
  const rows = (ms: Reports.ReportableMovement[], types?: (id: string) => Reports.CustomerType) =>
    Reports.largeValueRows(DEFAULT_REPORTS_CONFIG, ms, types);

  it('M1-c a single natural-person transfer of exactly RMB 500,000 is reported (含本数), 499,999.99 is not', () => {
    expect(rows([move({ customerId: 'C1', amount: yuan(500_000) })])).toHaveLength(1);
    expect(rows([move({ customerId: 'C1', amount: yuan(500_000) - 1 })])).toHaveLength(0);
    const [r] = rows([move({ customerId: 'C1', amount: yuan(500_000) })]);
    expect(r).toMatchObject({
      ruleCode: '0503',
      basis: 'SINGLE',
      direction: 'IN',
      amount: '500000.00',
    });
  });

  it('M1-c cumulative: 300,000 + 200,000 deposited the same day reach 500,000; both rows carry the day total', () => {
    const out = rows([
      move({ customerId: 'C1', amount: yuan(300_000) }),
      move({ customerId: 'C1', amount: yuan(200_000) }),
    ]);
    expect(out.map((r) => [r.amountMinor, r.dayTotalMinor, r.dayCount, r.basis])).toEqual([
      [30_000_000, 50_000_000, 2, 'CUMULATIVE'],
      [20_000_000, 50_000_000, 2, 'CUMULATIVE'],
    ]);
  });

  it('M1-c one side at a time (单边累计): 300,000 in and 300,000 out are not added together', () => {
    const out = rows([
      move({ customerId: 'C1', amount: yuan(300_000), type: 'DEPOSIT' }),
      move({ customerId: 'C1', amount: yuan(300_000), type: 'WITHDRAWAL' }),
    ]);
    expect(out).toEqual([]);
  });

  it('M1-c a transfer counts for both customers: the sender pays, the recipient receives', () => {
    const out = rows([
      move({ customerId: 'C1', counterpartyId: 'C2', type: 'TRANSFER', amount: yuan(600_000) }),
    ]);
    expect(out.map((r) => [r.customerRef, r.direction, r.counterparty])).toEqual([
      ['C1', 'OUT', 'C2'],
      ['C2', 'IN', 'C1'],
    ]);
  });

  it('M1-c customers are counted apart: 400,000 each for two customers reports nothing', () => {
    expect(
      rows([
        move({ customerId: 'C1', amount: yuan(400_000) }),
        move({ customerId: 'C2', amount: yuan(400_000) }),
      ]),
    ).toEqual([]);
  });

  it('M1-b M1-c classified rules per business type: cash of RMB 50,000 is reported under 0501; the same amount by bank card is not', () => {
    const cash = rows([move({ customerId: 'C1', amount: yuan(50_000), channel: 'CASH' })]);
    expect(cash.map((r) => r.ruleCode)).toEqual(['0501']);
    expect(rows([move({ customerId: 'C1', amount: yuan(50_000) })])).toEqual([]);
  });

  it('M1-c non-natural persons report from RMB 2,000,000, not 500,000; cross-border natural persons from 200,000', () => {
    const corp = () => 'NON_NATURAL' as const;
    expect(rows([move({ customerId: 'B1', amount: yuan(1_999_999) })], corp)).toEqual([]);
    expect(
      rows([move({ customerId: 'B1', amount: yuan(2_000_000) })], corp).map((r) => r.ruleCode),
    ).toEqual(['0502']);
    expect(
      rows([move({ customerId: 'C1', amount: yuan(200_000), crossBorder: true })]).map(
        (r) => r.ruleCode,
      ),
    ).toEqual(['0504']);
  });

  it('M1-c subscriptions are not transfers by default, and failed types outside the rule are ignored', () => {
    expect(rows([move({ customerId: 'C1', amount: yuan(900_000), type: 'SUBSCRIPTION' })])).toEqual(
      [],
    );
  });
});

describe('M1-c report files', () => {
  const header: Reports.ReportHeader = {
    reportId: 'LV-2026-11-28',
    kind: 'LARGE_VALUE',
    institution: { name: 'Finplat', code: 'FINPLAT-LOCAL' },
    reportDate: '2026-11-28',
    dueBy: '2026-12-05',
    source: 'PBOC',
  };
  const ms = [
    move({ customerId: 'C9', amount: yuan(250_000), movementId: 'MB' }),
    move({ customerId: 'C9', amount: yuan(250_000) + 55, movementId: 'MA' }),
  ];

  it('M1-c the CSV and the JSON carry the same rows and amounts; the same movements in any order give the same hashes', () => {
    const rows = Reports.largeValueRows(DEFAULT_REPORTS_CONFIG, ms);
    const files = Reports.renderLargeValue(header, rows);
    const again = Reports.renderLargeValue(
      header,
      Reports.largeValueRows(DEFAULT_REPORTS_CONFIG, [...ms].reverse()),
    );
    expect(again.jsonSha256).toBe(files.jsonSha256);
    expect(again.csvSha256).toBe(files.csvSha256);
    const json = JSON.parse(files.json) as { rows: Reports.LargeValueRow[]; totalMinor: number };
    const csv = Reports.parseCsv(files.csv);
    expect(csv).toHaveLength(2);
    expect(json.totalMinor).toBe(50_000_055);
    expect(csv.map((r) => [r.transactionId, r.amountMinor, r.amount, r.dayTotalMinor])).toEqual(
      json.rows.map((r) => [
        r.transactionId,
        String(r.amountMinor),
        r.amount,
        String(r.dayTotalMinor),
      ]),
    );
    expect(csv[0]?.amount).toBe('250000.55');
  });

  it('M1-c a CSV field with a comma or quote is quoted, and one that would run as a formula is defused', () => {
    expect(Reports.csvField('a,b')).toBe('"a,b"');
    expect(Reports.csvField('say "x"')).toBe('"say ""x"""');
    expect(Reports.csvField('=cmd()')).toBe(`"'=cmd()"`);
    expect(Reports.csvField('-12.50')).toBe('-12.50');
  });

  it('M1-c submissions go in order: submitted before accepted, again only after a rejection', () => {
    const s = (status: Reports.SubmissionStatus, revision = 1) => ({
      status,
      revision,
      reference: 'R',
      by: 'x',
      at: '2026-11-29T00:00:00.000Z',
    });
    expect(Reports.submissionRefusal([], { status: 'ACCEPTED', revision: 1 })).toMatch(
      /not been submitted/,
    );
    expect(Reports.submissionRefusal([], { status: 'SUBMITTED', revision: 1 })).toBeUndefined();
    expect(
      Reports.submissionRefusal([s('SUBMITTED')], { status: 'SUBMITTED', revision: 1 }),
    ).toMatch(/already/);
    expect(
      Reports.submissionRefusal([s('SUBMITTED'), s('REJECTED')], {
        status: 'SUBMITTED',
        revision: 1,
      }),
    ).toBeUndefined();
    expect(
      Reports.submissionRefusal([s('SUBMITTED')], { status: 'SUBMITTED', revision: 2 }),
    ).toBeUndefined();
  });
});

describe('M7.1-a M2.5-c data-access audit thresholds', () => {
  const workingDay = (d: string) => !['2026-11-28', '2026-11-29'].includes(d); // a weekend
  const read = (
    actor: string,
    subject: string,
    at: string,
    fields: string[] = ['name', 'phone'],
    type: DataAudit.AccessRecord['type'] = 'STAFF_READ',
  ): DataAudit.AccessRecord => ({ type, subject, actor, fields, purpose: 'p', at });

  it('M7.1-a one staff member reading 51 distinct customers in a day is flagged (threshold 50); 50 is not', () => {
    // 10:00 CST on Monday 2026-11-30 = 02:00 UTC.
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => read('alice', `C${i}`, '2026-11-30T02:00:00.000Z'));
    const flagged = DataAudit.auditDataAccess(
      '2026-11-30',
      many(51),
      DEFAULT_DATA_AUDIT,
      new Map(),
      workingDay,
    );
    expect(flagged.flags).toEqual([
      expect.objectContaining({
        rule: 'MANY_CUSTOMERS',
        actor: 'alice',
        figure: 51,
        threshold: 50,
        severity: 'HIGH',
      }),
    ]);
    expect(flagged.actors[0]).toMatchObject({ actor: 'alice', reads: 51, customerCount: 51 });
    const fine = DataAudit.auditDataAccess(
      '2026-11-30',
      many(50),
      DEFAULT_DATA_AUDIT,
      new Map(),
      workingDay,
    );
    expect(fine.flags).toEqual([]);
  });

  it('M7.1-a the same customer read twice counts once', () => {
    const recs = Array.from({ length: 60 }, () => read('bob', 'C1', '2026-11-30T02:00:00.000Z'));
    const out = DataAudit.auditDataAccess(
      '2026-11-30',
      recs,
      DEFAULT_DATA_AUDIT,
      new Map(),
      workingDay,
    );
    expect(out.actors[0]).toMatchObject({ reads: 60, customerCount: 1 });
    expect(out.flags).toEqual([]);
  });

  it('M7.1-a staff reads outside 08:00-20:00 CST or on a weekend are flagged; a function decrypting at night is not', () => {
    const recs = [
      read('carol', 'C1', '2026-11-30T00:30:00.000Z'), // 08:30 CST: inside
      read('carol', 'C2', '2026-11-30T12:00:00.000Z'), // 20:00 CST: outside (end excluded)
      read('notifier', 'C4', '2026-11-30T15:00:00.000Z', ['phone'], 'PII_ACCESS'), // 23:00 CST
    ];
    const out = DataAudit.auditDataAccess(
      '2026-11-30',
      recs,
      DEFAULT_DATA_AUDIT,
      new Map(),
      workingDay,
    );
    expect(out.flags.map((f) => [f.rule, f.actor, f.figure])).toEqual([['OFF_HOURS', 'carol', 1]]);
    expect(
      DataAudit.outsideHours(
        '2026-11-29T02:00:00.000Z',
        DEFAULT_DATA_AUDIT.workingHours,
        workingDay,
      ),
    ).toBe(true);
    expect(
      DataAudit.outsideHours(
        '2026-11-30T11:59:59.000Z',
        DEFAULT_DATA_AUDIT.workingHours,
        workingDay,
      ),
    ).toBe(false);
  });

  it('M2.5-c a field an actor read in under 5% of its 40 baseline reads is flagged; one it reads often is not', () => {
    const baseline = DataAudit.baselineOf([
      {
        actors: [
          {
            actor: 'notifier',
            kind: 'FUNCTION',
            reads: 40,
            fieldCounts: { phone: 40, idNumber: 1 },
          },
        ],
      },
    ]);
    const recs = [
      read('notifier', 'C1', '2026-11-30T02:00:00.000Z', ['phone'], 'PII_ACCESS'),
      read('notifier', 'C2', '2026-11-30T02:00:00.000Z', ['idNumber'], 'PII_ACCESS'),
      read('notifier', 'C3', '2026-11-30T02:00:00.000Z', ['bankCard'], 'PII_ACCESS'),
    ];
    const out = DataAudit.auditDataAccess(
      '2026-11-30',
      recs,
      DEFAULT_DATA_AUDIT,
      baseline,
      workingDay,
    );
    expect(out.flags.map((f) => [f.rule, f.flagId, f.figure])).toEqual([
      ['RARE_FIELD', 'RARE_FIELD#notifier#bankCard', 0],
      ['RARE_FIELD', 'RARE_FIELD#notifier#idNumber', 0.025],
    ]);
  });

  it('M2.5-c an actor with fewer than 20 baseline reads has no habits yet: nothing is rare', () => {
    const baseline = DataAudit.baselineOf([
      { actors: [{ actor: 'dave', kind: 'STAFF', reads: 19, fieldCounts: { name: 19 } }] },
    ]);
    const out = DataAudit.auditDataAccess(
      '2026-11-30',
      [read('dave', 'C1', '2026-11-30T02:00:00.000Z', ['idNumber'])],
      DEFAULT_DATA_AUDIT,
      baseline,
      workingDay,
    );
    expect(out.flags).toEqual([]);
  });

  it('M7.1-a the thresholds are configuration checked at load', () => {
    expect(
      DataAudit.DataAuditConfigSchema.safeParse({
        ...DEFAULT_DATA_AUDIT,
        workingHours: { start: 20, end: 8 },
      }).success,
    ).toBe(false);
    expect(DataAudit.dataAccessRuleId('MANY_CUSTOMERS')).toBe('data-access.many-customers');
  });
});
