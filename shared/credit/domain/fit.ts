// Fitting the statistical scorecard: bin every candidate factor (binning.ts), keep those
// whose information value reaches `minIv`, regress the outcome on their weights of
// evidence with an L2 penalty (logistic.ts), drop any factor whose coefficient comes out
// with the wrong sign (a higher WoE must mean safer; a positive coefficient is collinearity,
// not evidence) and fit again, then turn the model into points. Deterministic: the same
// applications in the same order give the same artifact.
import {
  FACTORS,
  factorValue,
  NUMERIC_FACTORS,
  type CreditApplication,
  type Factor,
} from './application';
import { scoreOfPd, type ScoreScale } from './assessment';
import { binFactor, type Bin, type BinningOptions } from './binning';
import { fitLogistic } from './logistic';
import { woeTable } from './metrics';
import {
  basePointsOf,
  binLabel,
  binOf,
  type StatFactor,
  type StatisticalScorecardArtifact,
} from './statistical-scorecard';

export interface FitOptions {
  readonly binning: BinningOptions;
  /** Factors whose information value on the fitting data is below this are left out. */
  readonly minIv: number;
  /** The L2 penalty on the WoE coefficients. */
  readonly l2: number;
  readonly scale: ScoreScale;
  /** Approve at or below this PD, decline above `declineAbovePd`, refer between. */
  readonly approveUpToPd: number;
  readonly declineAbovePd: number;
  readonly maxReasons: number;
  /** The candidate factors (default: every factor). */
  readonly factors?: readonly Factor[];
}

export interface FitProvenance {
  readonly version: string;
  readonly by: string;
  readonly data: string;
  readonly citation: string;
  readonly sha256: string;
  readonly seed: number;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6 + 0; // + 0: no -0 in the JSON

interface Candidate {
  factor: Factor;
  kind: 'numeric' | 'categorical';
  bins: Bin[];
  woe: number[];
  iv: number;
}

function candidate(
  factor: Factor,
  apps: readonly CreditApplication[],
  bad: readonly boolean[],
  options: BinningOptions,
): Candidate {
  const kind = NUMERIC_FACTORS.has(factor) ? 'numeric' : 'categorical';
  const bins = binFactor(
    kind,
    apps.map((a) => factorValue(a, factor)),
    bad,
    options,
  );
  const table = bins.length > 1 ? woeTable(bins) : { rows: [{ woe: 0 }], iv: 0 };
  return { factor, kind, bins, woe: table.rows.map((r) => r.woe), iv: table.iv };
}

/** Fits a scorecard on `apps` with outcomes `bad`. */
export function fitStatisticalScorecard(
  apps: readonly CreditApplication[],
  bad: readonly boolean[],
  options: FitOptions,
  provenance: FitProvenance,
): StatisticalScorecardArtifact {
  if (apps.length !== bad.length) throw new RangeError('one outcome per application');
  const candidates = (options.factors ?? FACTORS).map((f) =>
    candidate(f, apps, bad, options.binning),
  );
  const excluded: StatisticalScorecardArtifact['excluded'] = [];
  let kept: Candidate[] = [];
  for (const c of candidates) {
    if (c.bins.length < 2)
      excluded.push({ factor: c.factor, iv: c.iv, reason: 'one bin only (no variation)' });
    else if (c.iv < options.minIv)
      excluded.push({
        factor: c.factor,
        iv: c.iv,
        reason: `information value below ${options.minIv}`,
      });
    else kept.push(c);
  }
  if (kept.length === 0) throw new RangeError('no factor carries information');

  // WoE of each application for each kept factor: the bin it was counted in.
  const columns = new Map(
    kept.map((c) => {
      const probe: StatFactor = {
        factor: c.factor,
        kind: c.kind,
        iv: c.iv,
        coefficient: 0,
        bins: c.bins.map((b, i) => ({ ...b, label: '', woe: c.woe[i]!, points: 0 })),
      };
      return [c.factor, apps.map((a) => binOf(probe, factorValue(a, c.factor))?.woe ?? 0)];
    }),
  );
  let fit = fitLogistic(
    apps.map((_, r) => kept.map((c) => columns.get(c.factor)![r]!)),
    bad,
    options.l2,
  );
  for (;;) {
    const wrong = kept.findIndex((_, j) => fit.coefficients[j]! >= 0);
    if (wrong < 0) break;
    const c = kept[wrong]!;
    excluded.push({
      factor: c.factor,
      iv: c.iv,
      reason: 'coefficient of the wrong sign beside the other factors',
    });
    kept = kept.filter((_, j) => j !== wrong);
    if (kept.length === 0) throw new RangeError('no factor left with the right sign');
    fit = fitLogistic(
      apps.map((_, r) => kept.map((k) => columns.get(k.factor)![r]!)),
      bad,
      options.l2,
    );
  }

  // The artifact keeps six decimals, and its points follow from what it keeps, so that
  // validating it at load recomputes exactly the points it carries.
  const perLogOdds = options.scale.pointsToDoubleOdds / Math.LN2;
  const factors: StatFactor[] = kept.map((c, j) => {
    const coefficient = round6(fit.coefficients[j]!);
    return {
      factor: c.factor,
      kind: c.kind,
      iv: round6(c.iv),
      coefficient,
      bins: c.bins.map((b, i) => {
        const woe = round6(c.woe[i]!);
        return {
          label: binLabel(c.factor, b),
          ...b,
          ...(b.values ? { values: [...b.values] } : {}),
          woe,
          points: Math.round(-coefficient * woe * perLogOdds),
        };
      }),
    };
  });
  const intercept = round6(fit.intercept);
  const order = new Map(FACTORS.map((f, i) => [f, i]));
  excluded.sort((a, b) => order.get(a.factor)! - order.get(b.factor)!);
  for (const x of excluded) x.iv = round6(x.iv);
  return {
    kind: 'statistical',
    version: provenance.version,
    fitted: {
      by: provenance.by,
      data: provenance.data,
      citation: provenance.citation,
      sha256: provenance.sha256,
      rows: apps.length,
      bads: bad.filter(Boolean).length,
      seed: provenance.seed,
      options: {
        binning: { ...options.binning },
        minIv: options.minIv,
        l2: options.l2,
        approveUpToPd: options.approveUpToPd,
        declineAbovePd: options.declineAbovePd,
      },
    },
    scale: options.scale,
    // Scores are whole points: approve where PD(score) <= approveUpToPd, i.e. at or above
    // the first whole score past the break-even; decline where PD(score) > declineAbovePd.
    cutoffs: {
      approveFrom: Math.ceil(scoreOfPd(options.scale, options.approveUpToPd) - 1e-9),
      declineBelow: Math.ceil(scoreOfPd(options.scale, options.declineAbovePd) - 1e-9),
    },
    intercept,
    basePoints: Math.round(basePointsOf(options.scale, intercept)),
    factors,
    excluded,
    maxReasons: options.maxReasons,
  };
}
