// A consumer-loan application as the credit scorecards read it (M3.1-b, issue 13): what the
// applicant declares (amount, term, purpose, employment, housing, savings, other debts,
// dependants, guarantor) and the behaviour signals the platform supplies from its own
// records (account age, balance, past loans, overdue days; null until it has them).
//
// Deliberately absent: sex, marital status, nationality, foreign-worker status and age.
// The first four may never be scoring factors; age is kept out as well so that the
// fairness report's age bands measure what the factors do to an age group, not a factor
// that names it. Neither scorecard can read what the application does not carry, and the
// schema is strict, so such a field is refused rather than silently carried along.
import * as z from 'zod';

export const PURPOSES = [
  'NEW_CAR',
  'USED_CAR',
  'FURNITURE',
  'ELECTRONICS',
  'APPLIANCES',
  'REPAIRS',
  'EDUCATION',
  'VACATION',
  'RETRAINING',
  'BUSINESS',
  'OTHER',
] as const;
export type Purpose = (typeof PURPOSES)[number];

/** What the applicant does for a living (the kind of work, not the employer). */
export const EMPLOYMENT_STATUSES = [
  'UNEMPLOYED',
  'UNSKILLED',
  'SKILLED',
  'MANAGEMENT_OR_SELF_EMPLOYED',
] as const;
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number];

export const HOUSING = ['RENT', 'OWN', 'FREE'] as const;
export type Housing = (typeof HOUSING)[number];

/**
 * Savings in bands (the applicant states a band, not a figure). The thresholds are the
 * backtest data's (100 / 500 / 1,000); the platform will set its own in yuan when it
 * fits on its own applications.
 */
export const SAVINGS_BANDS = ['NONE_OR_UNKNOWN', 'LOW', 'MODERATE', 'SUBSTANTIAL', 'HIGH'] as const;
export type SavingsBand = (typeof SAVINGS_BANDS)[number];

/** Instalment plans the applicant pays elsewhere. */
export const OTHER_INSTALMENT_PLANS = ['NONE', 'BANK', 'STORES'] as const;
export type OtherInstalmentPlans = (typeof OTHER_INSTALMENT_PLANS)[number];

export const GUARANTORS = ['NONE', 'CO_APPLICANT', 'GUARANTOR'] as const;
export type Guarantor = (typeof GUARANTORS)[number];

/** The applicant's cash balance with the platform, banded (a platform signal). */
export const BALANCE_BANDS = ['NO_ACCOUNT', 'NEGATIVE', 'LOW', 'ESTABLISHED'] as const;
export type BalanceBand = (typeof BALANCE_BANDS)[number];

/**
 * How past loans were repaid (a platform signal, from its loan records): none taken or
 * all repaid on time; all at this platform repaid on time; current loans repaid on time so
 * far; late payments in the past; a loan in default here or loans elsewhere.
 */
export const REPAYMENT_RECORDS = [
  'NO_LOANS_OR_ALL_REPAID',
  'ALL_REPAID_HERE',
  'CURRENT_ON_TIME',
  'PAST_DELAYS',
  'CRITICAL',
] as const;
export type RepaymentRecord = (typeof REPAYMENT_RECORDS)[number];

const Count = z.number().int().min(0).max(1_000);

export const CreditApplicationSchema = z
  .object({
    /** The amount asked for, in fen. */
    amountFen: z.number().int().positive().max(10_000_000_000),
    termMonths: z.number().int().min(1).max(120),
    purpose: z.enum(PURPOSES),
    employment: z
      .object({
        status: z.enum(EMPLOYMENT_STATUSES),
        /** How long in the present employment (0 when unemployed). */
        months: Count,
      })
      .strict(),
    housing: z.enum(HOUSING),
    savingsBand: z.enum(SAVINGS_BANDS),
    otherDebts: z
      .object({
        instalmentPlans: z.enum(OTHER_INSTALMENT_PLANS),
        /**
         * Instalments as a share of disposable income, banded 1 (lightest) to 4 (heaviest):
         * the manual's debt ratio (M3.1-b, M3.1-d).
         */
        burdenBand: z.number().int().min(1).max(4),
      })
      .strict(),
    dependants: z.number().int().min(0).max(20),
    guarantor: z.enum(GUARANTORS),
    /** Supplied by the platform from its own records, never by the applicant. */
    behaviour: z
      .object({
        accountAgeMonths: Count.nullable(),
        balanceBand: z.enum(BALANCE_BANDS).nullable(),
        repaymentRecord: z.enum(REPAYMENT_RECORDS).nullable(),
        /** Loans the applicant holds with the platform now. */
        openLoans: Count.nullable(),
        /** The most days any past instalment was overdue; null when never borrowed here. */
        maxOverdueDays: z.number().int().min(0).max(10_000).nullable(),
      })
      .strict(),
  })
  .strict();
export type CreditApplication = z.infer<typeof CreditApplicationSchema>;

/**
 * The scoring factors: every characteristic either scorecard may read, each a function of
 * the application alone. The list is closed: a scorecard configuration naming anything
 * else is refused at load.
 */
export const FACTORS = [
  'amount',
  'term',
  'purpose',
  'employmentStatus',
  'employmentLength',
  'housing',
  'savings',
  'instalmentPlans',
  'debtBurden',
  'dependants',
  'guarantor',
  'accountAge',
  'balance',
  'repaymentRecord',
  'openLoans',
  'overdueDays',
] as const;
export type Factor = (typeof FACTORS)[number];

/** A factor's value: a category, a number, or null when the platform does not know it yet. */
export type FactorValue = string | number | null;

/** Characteristics that may never be scoring factors (issue 13; fairness reporting only). */
export const PROTECTED_CHARACTERISTICS = [
  'sex',
  'maritalStatus',
  'nationality',
  'foreignWorker',
] as const;

/** Reads one factor from an application. */
export function factorValue(app: CreditApplication, factor: Factor): FactorValue {
  switch (factor) {
    case 'amount':
      return app.amountFen;
    case 'term':
      return app.termMonths;
    case 'purpose':
      return app.purpose;
    case 'employmentStatus':
      return app.employment.status;
    case 'employmentLength':
      return app.employment.months;
    case 'housing':
      return app.housing;
    case 'savings':
      return app.savingsBand;
    case 'instalmentPlans':
      return app.otherDebts.instalmentPlans;
    case 'debtBurden':
      return app.otherDebts.burdenBand;
    case 'dependants':
      return app.dependants;
    case 'guarantor':
      return app.guarantor;
    case 'accountAge':
      return app.behaviour.accountAgeMonths;
    case 'balance':
      return app.behaviour.balanceBand;
    case 'repaymentRecord':
      return app.behaviour.repaymentRecord;
    case 'openLoans':
      return app.behaviour.openLoans;
    case 'overdueDays':
      return app.behaviour.maxOverdueDays;
  }
}

/** Whether a factor is a number (binned by ranges) or a category (binned by value). */
export const NUMERIC_FACTORS: ReadonlySet<Factor> = new Set<Factor>([
  'amount',
  'term',
  'employmentLength',
  'debtBurden',
  'dependants',
  'accountAge',
  'openLoans',
  'overdueDays',
]);

/** Every value a categorical factor can take (null aside). */
export const FACTOR_CATEGORIES: Partial<Record<Factor, readonly string[]>> = {
  purpose: PURPOSES,
  employmentStatus: EMPLOYMENT_STATUSES,
  housing: HOUSING,
  savings: SAVINGS_BANDS,
  instalmentPlans: OTHER_INSTALMENT_PLANS,
  guarantor: GUARANTORS,
  balance: BALANCE_BANDS,
  repaymentRecord: REPAYMENT_RECORDS,
};

/** How a numeric factor's bands are written: amounts in yuan (the factor is in fen). */
export function formatFactorNumber(factor: Factor, n: number): string {
  switch (factor) {
    case 'amount':
      return `${(n / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })} yuan`;
    case 'term':
    case 'employmentLength':
    case 'accountAge':
      return `${n} months`;
    case 'overdueDays':
      return `${n} days`;
    case 'debtBurden':
      return `band ${n}`;
    default:
      return String(n);
  }
}

/** A numeric band [from, to) in words: "under 12 months", "12 to under 48 months", "84 months or more". */
export function rangeLabel(factor: Factor, from: number | null, to: number | null): string {
  if (from === null) return to === null ? 'any' : `under ${formatFactorNumber(factor, to)}`;
  if (to === null) return `${formatFactorNumber(factor, from)} or more`;
  if (Number.isInteger(from) && Number.isInteger(to) && to === from + 1)
    return formatFactorNumber(factor, from);
  return `${formatFactorNumber(factor, from)} to under ${formatFactorNumber(factor, to)}`;
}

/** Plain words for each factor, as a reason names it to the applicant (M8.2-a). */
export const FACTOR_LABELS: Record<Factor, string> = {
  amount: 'the amount asked for',
  term: 'the length of the loan',
  purpose: 'what the loan is for',
  employmentStatus: 'the kind of work',
  employmentLength: 'time in the present job',
  housing: 'housing',
  savings: 'savings',
  instalmentPlans: 'instalment plans elsewhere',
  debtBurden: 'instalments as a share of income',
  dependants: 'number of dependants',
  guarantor: 'guarantor or co-applicant',
  accountAge: 'how long the account has been open',
  balance: 'the account balance',
  repaymentRecord: 'how past loans were repaid',
  openLoans: 'loans already open with us',
  overdueDays: 'days overdue on past loans',
};

/** Plain words for categorical values, for reasons. */
export const VALUE_LABELS: Record<string, string> = {
  NEW_CAR: 'a new car',
  USED_CAR: 'a used car',
  FURNITURE: 'furniture or equipment',
  ELECTRONICS: 'radio or television',
  APPLIANCES: 'domestic appliances',
  REPAIRS: 'repairs',
  EDUCATION: 'education',
  VACATION: 'a holiday',
  RETRAINING: 'retraining',
  BUSINESS: 'business',
  OTHER: 'another purpose',
  UNEMPLOYED: 'not employed',
  UNSKILLED: 'unskilled work',
  SKILLED: 'skilled work',
  MANAGEMENT_OR_SELF_EMPLOYED: 'management, self-employed or highly qualified',
  RENT: 'renting',
  OWN: 'owner-occupier',
  FREE: 'living rent-free',
  NONE_OR_UNKNOWN: 'none or not known',
  LOW: 'low',
  MODERATE: 'moderate',
  SUBSTANTIAL: 'substantial',
  HIGH: 'high',
  NONE: 'none',
  BANK: 'with a bank',
  STORES: 'with stores',
  CO_APPLICANT: 'a co-applicant',
  GUARANTOR: 'a guarantor',
  NO_ACCOUNT: 'no current account',
  NEGATIVE: 'below zero',
  ESTABLISHED: 'established (a healthy balance or a regular salary)',
  NO_LOANS_OR_ALL_REPAID: 'no loans, or all repaid on time',
  ALL_REPAID_HERE: 'all loans with us repaid on time',
  CURRENT_ON_TIME: 'current loans repaid on time so far',
  PAST_DELAYS: 'late payments in the past',
  CRITICAL: 'a loan in default, or loans at other lenders',
};
