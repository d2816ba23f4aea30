// Mobile phone numbers: a value type every module meets (sign-in, transfers by phone).
/** Mainland China mobile numbers: 11 digits, 1[3-9]x, optional +86 / 0086 / 86 prefix. */
export function normalizePhone(raw: string): string {
  const compact = raw.replace(/[\s-]/g, '');
  return compact.replace(/^(?:\+|00)?86(?=1\d{10}$)/, '');
}

export function checkPhone(raw: string): string | undefined {
  return /^1[3-9]\d{9}$/.test(normalizePhone(raw))
    ? undefined
    : 'must be a mainland China mobile number (11 digits starting 13-19)';
}
