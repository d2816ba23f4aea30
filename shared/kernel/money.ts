// Money: integer minor units (fen) with an ISO currency. Never a float (design rule).
export const CURRENCIES = ['CNY'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Largest amount one movement may carry: 100 million yuan, well inside safe integers. */
export const MAX_AMOUNT_FEN = 10_000_000_000;

export interface Money {
  readonly amount: number;
  readonly currency: Currency;
}

export function isFen(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n);
}

/** 12345 -> "123.45" (for messages; the API carries integers). */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
