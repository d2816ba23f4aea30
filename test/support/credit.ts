// Consumer-loan applications as a client sends them (issue 13): a base set of answers and the
// variants whose decisions the tests rely on under the shipped scorecard, for a new customer
// (approve, refer, decline), and a safe one for customers with some history.
import type { ApplicantInput } from '../../shared/credit';

/** Unemployed, renting, no savings: ¥1,000 over six months. */
export const BASE_APPLICATION: ApplicantInput = {
  amountFen: 100_000,
  termMonths: 6,
  purpose: 'NEW_CAR',
  employment: { status: 'UNEMPLOYED', months: 0 },
  housing: 'RENT',
  savingsBand: 'NONE_OR_UNKNOWN',
  otherDebts: { instalmentPlans: 'NONE', burdenBand: 2 },
  dependants: 1,
  guarantor: 'NONE',
};
export const APPROVED_APPLICATION: ApplicantInput = { ...BASE_APPLICATION, housing: 'OWN' };
export const REFERRED_APPLICATION = BASE_APPLICATION;
export const DECLINED_APPLICATION: ApplicantInput = { ...BASE_APPLICATION, savingsBand: 'LOW' };

/** Skilled for three years, an owner with a guarantor and high savings: approved whatever the history. */
export const SAFE_APPLICATION: ApplicantInput = {
  ...BASE_APPLICATION,
  employment: { status: 'SKILLED', months: 36 },
  housing: 'OWN',
  savingsBand: 'HIGH',
  otherDebts: { instalmentPlans: 'NONE', burdenBand: 1 },
  guarantor: 'GUARANTOR',
};
