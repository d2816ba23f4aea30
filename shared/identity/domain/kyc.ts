// Real-name identity checks (M2.1-a): mainland resident ID numbers (GB 11643-1999,
// ISO 7064 MOD 11-2 check character), bank card numbers (Luhn), mainland mobile numbers.
// Pure functions: each returns a reason string on failure, undefined when valid.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
/**
 * The province-level codes of GB/T 2260 an ID number starts with (its first two digits):
 * provinces, autonomous regions and municipalities, Taiwan, Hong Kong and Macao.
 */
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

/** The ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] ?? '';
}

export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

/** Birth date encoded in an 18-character ID number (YYYYMMDD at positions 7-14). */
export function birthDateOf(idNumber: string): { year: number; month: number; day: number } {
  return {
    year: Number(idNumber.slice(6, 10)),
    month: Number(idNumber.slice(10, 12)),
    day: Number(idNumber.slice(12, 14)),
  };
}

export function ageOn(birth: { year: number; month: number; day: number }, on: Date): number {
  const y = on.getUTCFullYear();
  const m = on.getUTCMonth() + 1;
  const d = on.getUTCDate();
  let age = y - birth.year;
  if (m < birth.month || (m === birth.month && d < birth.day)) age -= 1;
  return age;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

export interface IdCheckOptions {
  readonly now: Date;
  readonly minimumAge: number;
}

/** Validates an 18-character resident ID number; `x` is accepted for the check character. */
export function checkIdNumber(raw: string, opts: IdCheckOptions): string | undefined {
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return 'must be 18 characters: 17 digits and a digit or X';
  if (!PROVINCES.has(id.slice(0, 2))) return 'region code is not valid';
  const birth = birthDateOf(id);
  if (birth.year < 1800 || !isRealDate(birth.year, birth.month, birth.day)) {
    return 'birth date is not a real date';
  }
  if (Date.UTC(birth.year, birth.month - 1, birth.day) > opts.now.getTime()) {
    return 'birth date is in the future';
  }
  if (idCheckCharacter(id.slice(0, 17)) !== id[17]) return 'check character does not match';
  if (ageOn(birth, opts.now) < opts.minimumAge) {
    return `holder must be at least ${opts.minimumAge} years old`;
  }
  return undefined;
}

/** Luhn (mod 10) over a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function normalizeBankCard(raw: string): string {
  return raw.replace(/[\s-]/g, '');
}

export function checkBankCard(raw: string): string | undefined {
  const card = normalizeBankCard(raw);
  if (!/^\d{16,19}$/.test(card)) return 'must be 16 to 19 digits';
  if (!luhnValid(card)) return 'fails the Luhn check';
  return undefined;
}

export { checkPhone, normalizePhone } from '../../kernel';

/** Legal names: 2-30 characters, Han characters with an optional middle dot, or Latin letters. */
export function checkName(raw: string): string | undefined {
  const name = raw.trim();
  if (name.length < 2 || name.length > 30) return 'must be 2 to 30 characters';
  if (!/^(\p{Script=Han}+([·•]\p{Script=Han}+)*|[A-Za-z]+([ .'-][A-Za-z]+)*)$/u.test(name)) {
    return 'must be Han characters (with · between parts) or Latin letters';
  }
  return undefined;
}
