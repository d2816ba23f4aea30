// AML screening test support (issue 14, M1-c): the sample watch list the repository ships
// (fictional entries, docs/samples/watchlist-sample.csv) and the fixed time the screening
// tests run at.
import { readFileSync } from 'node:fs';

export const SAMPLE_WATCHLIST = readFileSync(
  new URL('../../docs/samples/watchlist-sample.csv', import.meta.url),
  'utf8',
);

/** The screening tests' clock: 2026-11-29 10:00 in Beijing. */
export const screeningNow = new Date('2026-11-29T02:00:00Z');
export const screeningClock = { now: () => screeningNow };
