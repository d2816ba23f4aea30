// Free text customers and staff type (a transfer memo, a product name; complaint text
// later): what it may not hide. Control characters (C0, C1) and invisible format
// characters (Unicode category Cf: bidirectional overrides and isolates such as U+202E,
// zero-width spaces and joiners, the byte-order mark) can make a memo read differently
// from what it says, in a statement, a log or a risk officer's screen.

const HIDDEN = /[\p{Cc}\p{Cf}]/u;

/** True if the text holds no control or invisible format character. */
export function isVisibleText(text: string): boolean {
  return !HIDDEN.test(text);
}

export const VISIBLE_TEXT_RULE =
  'must not contain control characters, bidirectional overrides or zero-width characters';
