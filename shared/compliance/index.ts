// Compliance (issue 14, M1-c, M5): AML name screening against watch lists, and the
// compliance management records. The public entry of the module: other modules and the
// functions import only this.
// Screening: pure matching in a namespace of its own, then the lists and the flows.
export * as Screening from './domain/screening-match';
export { DEFAULT_SCREENING } from './domain/screening-match';
export type {
  Alignment,
  AlignmentHow,
  ScreeningConfig,
  ScreeningHit,
  ScreeningSubject,
  WatchlistEntry,
} from './domain/screening-match';
export * from './domain/watchlist-file';
export * from './adapters/watchlist-repo';
export * from './flows/watchlist';
export * from './screening-schemas';
export * from './flows/screening';
