// How PII is shown (M6.2-a, M7.1-b): masked forms are what responses, logs and staff
// screens get. Plaintext never leaves the encryption adapter except to the SMS sender.

/** 张三 -> 张*, 欧阳娜娜 -> 欧***; Latin names keep the first letter. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** 13812341234 -> 138****1234; fewer than 8 characters are masked whole. */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** First 4 and last 4 of an ID number. */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/** Only the last 4 digits of a bank card. */
export function maskBankCard(card: string): string {
  if (card.length <= 4) return '*'.repeat(card.length);
  return `${'*'.repeat(card.length - 4)}${card.slice(-4)}`;
}
