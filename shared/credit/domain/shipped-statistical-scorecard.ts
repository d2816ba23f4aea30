// The statistical scorecard the repository ships: the artifact `npm run risk:backtest`
// fitted and committed (statistical-scorecard.json), validated when first used.
import artifact from './statistical-scorecard.json' with { type: 'json' };
import type { Scorecard } from './assessment';
import { statisticalScorecard } from './statistical-scorecard';

let shipped: Scorecard | undefined;

/** The shipped statistical scorecard; throws ScorecardConfigError if the artifact is invalid. */
export function shippedStatisticalScorecard(): Scorecard {
  shipped ??= statisticalScorecard(artifact);
  return shipped;
}
