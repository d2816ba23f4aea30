// The Statlog German Credit data mapped onto the platform's credit application, for the
// backtest (docs/credit-risk.md lists the mapping field by field). Fields 9 (personal
// status and sex) and 20 (foreign worker) and the age (13) are kept apart, for the fairness
// report only; residence (11), property (12) and telephone (19) are not part of the
// application and are not used.
//
// Source: Hans Hofmann, Universität Hamburg, 1994. Statlog (German Credit Data), UCI
// Machine Learning Repository, https://doi.org/10.24432/C5NC77. Licence CC BY 4.0.
import { createHash } from 'node:crypto';
import {
  CreditApplicationSchema,
  type BalanceBand,
  type CreditApplication,
  type EmploymentStatus,
  type Guarantor,
  type Housing,
  type OtherInstalmentPlans,
  type Purpose,
  type RepaymentRecord,
  type SavingsBand,
} from '../../shared/credit';

export const GERMAN_CREDIT_CITATION =
  'Hans Hofmann, Universität Hamburg, 1994. *Statlog (German Credit Data)*, UCI Machine Learning Repository, https://doi.org/10.24432/C5NC77. Licence: CC BY 4.0.';

/** The committed copy of ../shared/data/german-credit/german.data (same bytes, same order). */
export const GERMAN_CREDIT_FILE = new URL(
  '../../test/fixtures/german-credit/german.data',
  import.meta.url,
);

/** One labelled application, with the characteristics used for the fairness report only. */
export interface GermanCreditRow {
  /** 1-based line in the file. */
  readonly line: number;
  readonly application: CreditApplication;
  readonly bad: boolean;
  readonly fairness: {
    readonly sex: 'female' | 'male';
    readonly age: number;
    readonly foreignWorker: boolean;
  };
}

const BALANCE: Record<string, BalanceBand> = {
  A11: 'NEGATIVE',
  A12: 'LOW',
  A13: 'ESTABLISHED',
  A14: 'NO_ACCOUNT',
};
const HISTORY: Record<string, RepaymentRecord> = {
  A30: 'NO_LOANS_OR_ALL_REPAID',
  A31: 'ALL_REPAID_HERE',
  A32: 'CURRENT_ON_TIME',
  A33: 'PAST_DELAYS',
  A34: 'CRITICAL',
};
const PURPOSE: Record<string, Purpose> = {
  A40: 'NEW_CAR',
  A41: 'USED_CAR',
  A42: 'FURNITURE',
  A43: 'ELECTRONICS',
  A44: 'APPLIANCES',
  A45: 'REPAIRS',
  A46: 'EDUCATION',
  A47: 'VACATION',
  A48: 'RETRAINING',
  A49: 'BUSINESS',
  A410: 'OTHER',
};
const SAVINGS: Record<string, SavingsBand> = {
  A61: 'LOW',
  A62: 'MODERATE',
  A63: 'SUBSTANTIAL',
  A64: 'HIGH',
  A65: 'NONE_OR_UNKNOWN',
};
/** Field 7 in bands: the lower bound of each, in months (so the bands survive binning). */
const EMPLOYED_MONTHS: Record<string, number> = { A71: 0, A72: 0, A73: 12, A74: 48, A75: 84 };
/**
 * Field 17, the job. A171 ("unemployed or unskilled, non-resident") is read as unskilled:
 * residence status is not a factor (it leans towards nationality), and field 7 says who is
 * unemployed.
 */
const JOB: Record<string, EmploymentStatus> = {
  A171: 'UNSKILLED',
  A172: 'UNSKILLED',
  A173: 'SKILLED',
  A174: 'MANAGEMENT_OR_SELF_EMPLOYED',
};
const GUARANTOR: Record<string, Guarantor> = {
  A101: 'NONE',
  A102: 'CO_APPLICANT',
  A103: 'GUARANTOR',
};
const PLANS: Record<string, OtherInstalmentPlans> = { A141: 'BANK', A142: 'STORES', A143: 'NONE' };
const HOUSING: Record<string, Housing> = { A151: 'RENT', A152: 'OWN', A153: 'FREE' };
const SEX: Record<string, 'female' | 'male'> = {
  A91: 'male',
  A92: 'female',
  A93: 'male',
  A94: 'male',
  A95: 'female',
};

function code<T>(table: Record<string, T>, value: string, field: number, line: number): T {
  const v = table[value];
  if (v === undefined) throw new RangeError(`line ${line}, field ${field}: unknown code ${value}`);
  return v;
}

function int(value: string, field: number, line: number): number {
  const n = Number(value);
  if (!Number.isInteger(n))
    throw new RangeError(`line ${line}, field ${field}: ${value} is not a whole number`);
  return n;
}

/** Parses german.data (21 space-separated fields a line) into mapped applications. */
export function parseGermanCredit(text: string): GermanCreditRow[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((l, i) => {
      const line = i + 1;
      const f = l.split(' ');
      if (f.length !== 21) throw new RangeError(`line ${line}: ${f.length} fields, not 21`);
      const at = (n: number) => f[n - 1]!;
      const employedFor = at(7);
      const application = CreditApplicationSchema.parse({
        amountFen: int(at(5), 5, line) * 100,
        termMonths: int(at(2), 2, line),
        purpose: code(PURPOSE, at(4), 4, line),
        employment: {
          status: employedFor === 'A71' ? 'UNEMPLOYED' : code(JOB, at(17), 17, line),
          months: code(EMPLOYED_MONTHS, employedFor, 7, line),
        },
        housing: code(HOUSING, at(15), 15, line),
        savingsBand: code(SAVINGS, at(6), 6, line),
        otherDebts: {
          instalmentPlans: code(PLANS, at(14), 14, line),
          burdenBand: int(at(8), 8, line),
        },
        dependants: int(at(18), 18, line),
        guarantor: code(GUARANTOR, at(10), 10, line),
        behaviour: {
          accountAgeMonths: null,
          balanceBand: code(BALANCE, at(1), 1, line),
          repaymentRecord: code(HISTORY, at(3), 3, line),
          openLoans: int(at(16), 16, line),
          maxOverdueDays: null,
        },
      });
      const cls = at(21);
      if (cls !== '1' && cls !== '2') throw new RangeError(`line ${line}: class ${cls}`);
      return {
        line,
        application,
        bad: cls === '2',
        fairness: {
          sex: code(SEX, at(9), 9, line),
          age: int(at(13), 13, line),
          foreignWorker: code({ A201: true, A202: false }, at(20), 20, line),
        },
      };
    });
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
