// The credit backtest (M3.1-e): the committed report and the shipped statistical scorecard
// are what `npm run risk:backtest` makes of the data, byte for byte; two runs agree; the data
// is mapped onto the application as docs/credit-risk.md says; the fitted scorecard reaches
// the cross-validated AUC a well-made logistic scorecard reaches on this data.
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  artifactJson,
  backtestReport,
  runBacktest,
  type BacktestResult,
} from '../../scripts/credit/backtest';
import {
  GERMAN_CREDIT_CITATION,
  GERMAN_CREDIT_FILE,
  parseGermanCredit,
} from '../../scripts/credit/german-credit';

const REPORT = new URL('../../docs/credit-backtest.md', import.meta.url);
const ARTIFACT = new URL('../../shared/credit/domain/statistical-scorecard.json', import.meta.url);
const text = readFileSync(GERMAN_CREDIT_FILE, 'utf8');

let result: BacktestResult;
beforeAll(() => {
  result = runBacktest(text);
});

describe('credit backtest (M3.1-e)', () => {
  it('M3.1-e docs/credit-backtest.md and the shipped scorecard are current (run `npm run risk:backtest`)', () => {
    expect(backtestReport(result)).toBe(readFileSync(REPORT, 'utf8'));
    expect(artifactJson(result.artifact)).toBe(readFileSync(ARTIFACT, 'utf8'));
  });

  it('M3.1-e two runs give identical numbers', () => {
    const again = runBacktest(text);
    expect(again).toEqual(result);
    expect(backtestReport(again)).toBe(backtestReport(result));
  });

  it('M3.1-e the fitted scorecard reaches a cross-validated AUC of at least 0.78, and beats the expert one', () => {
    expect(result.cv.statistical.auc!.mean).toBeGreaterThanOrEqual(0.78);
    expect(result.cv.statistical.auc!.mean).toBeGreaterThan(result.cv.expert.auc!.mean);
    // 10 repeats of 5 folds.
    expect(result.cvPooled.statistical).toHaveLength(10 * 1000);
  });

  it('M3.1-e the report names its data with the citation the licence asks for', () => {
    const report = readFileSync(REPORT, 'utf8');
    expect(report).toContain(GERMAN_CREDIT_CITATION);
    expect(report).toContain(result.sha256);
    expect(report.trimEnd().endsWith(GERMAN_CREDIT_CITATION)).toBe(true);
  });

  it("M3.1-e the committed data is the project's copy, byte for byte, where that copy is beside the repository", () => {
    expect(result.sha256).toBe('b21f3d81db8071257d5ff1deaeba1fd4303b62712e6fcc9715c7a86202cb5871');
    const original = new URL('../../../shared/data/german-credit/german.data', import.meta.url);
    if (existsSync(original)) expect(readFileSync(original, 'utf8')).toBe(text);
  });
});

describe('the German Credit data as applications', () => {
  const rows = parseGermanCredit(text);

  it('M3.1-b maps each field as documented (first line, worked by hand)', () => {
    // A11 6 A34 A43 1169 A65 A75 4 A93 A101 4 A121 67 A143 A152 2 A173 1 A192 A201 1
    expect(rows).toHaveLength(1000);
    expect(rows.filter((r) => r.bad)).toHaveLength(300);
    expect(rows[0]).toEqual({
      line: 1,
      bad: false,
      application: {
        amountFen: 116_900,
        termMonths: 6,
        purpose: 'ELECTRONICS',
        employment: { status: 'SKILLED', months: 84 },
        housing: 'OWN',
        savingsBand: 'NONE_OR_UNKNOWN',
        otherDebts: { instalmentPlans: 'NONE', burdenBand: 4 },
        dependants: 1,
        guarantor: 'NONE',
        behaviour: {
          accountAgeMonths: null,
          balanceBand: 'NEGATIVE',
          repaymentRecord: 'CRITICAL',
          openLoans: 2,
          maxOverdueDays: null,
        },
      },
      fairness: { sex: 'male', age: 67, foreignWorker: true },
    });
  });

  it('M3.1-a sex, marital status, age and foreign-worker status stay out of the applications', () => {
    for (const r of rows) {
      const flat = JSON.stringify(r.application);
      expect(flat).not.toMatch(/sex|marital|foreign|"age"/i);
    }
    // Unemployed by field 7 overrides the job; the non-resident unskilled code reads as unskilled.
    const line = (n: number) => text.split('\n')[n - 1]!.split(' ');
    const unemployed = rows.find((r) => line(r.line)[6] === 'A71')!;
    expect(unemployed.application.employment).toEqual({ status: 'UNEMPLOYED', months: 0 });
    const nonResident = rows.find((r) => line(r.line)[16] === 'A171' && line(r.line)[6] !== 'A71')!;
    expect(nonResident.application.employment.status).toBe('UNSKILLED');
  });

  it('refuses a malformed line, naming it', () => {
    expect(() => parseGermanCredit('A11 6 A34')).toThrow('line 1: 3 fields, not 21');
    expect(() => parseGermanCredit(text.split('\n')[0]!.replace('A43', 'A99'))).toThrow(
      'line 1, field 4: unknown code A99',
    );
  });
});
