// Seeded synthetic market data for the market-risk tests and bench: the shared data folder
// has no price series, so these stand in for files in the CSV layout the loader reads
// (each series is written as such a file and loaded through it). Returns follow a
// one-factor model: r_i = beta_i f + e_i, normal, with volumes around a level per series.
import { MarketRisk } from '../../shared/risk';

/** Weekdays from `from`, `count` of them (a calendar without holidays). */
export function weekdays(from: string, count: number): string[] {
  const out: string[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  while (out.length < count) {
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6) out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

export interface SyntheticOptions {
  readonly series: number;
  readonly days: number;
  readonly seed: number;
  /** Daily volatility of the common factor and of each series' own part. */
  readonly factorVol?: number;
  readonly ownVol?: number;
}

/** CSV texts (Date,Open,High,Low,Close,Adj Close,Volume) of `series` seeded series. */
export function syntheticCsv(o: SyntheticOptions): { id: string; csv: string }[] {
  const g = new MarketRisk.NormalGenerator(o.seed);
  const dates = weekdays('2024-01-01', o.days);
  const fv = o.factorVol ?? 0.01;
  const ov = o.ownVol ?? 0.01;
  const betas = Array.from({ length: o.series }, (_, i) => 0.5 + (i % 5) * 0.25);
  const prices = betas.map(() => 100);
  const rows: string[][] = betas.map(() => ['Date,Open,High,Low,Close,Adj Close,Volume']);
  dates.forEach((date, t) => {
    const f = g.next() * fv;
    betas.forEach((beta, i) => {
      if (t > 0) prices[i] = (prices[i] as number) * (1 + beta * f + g.next() * ov);
      const p = (prices[i] as number).toFixed(6);
      const volume = Math.round(1_000_000 * (i + 1) * (1 + 0.2 * Math.abs(g.next())));
      rows[i]?.push(`${date},${p},${p},${p},${p},${p},${volume}`);
    });
  });
  return rows.map((r, i) => ({ id: `S${String(i + 1).padStart(2, '0')}`, csv: r.join('\n') }));
}

/** The same, loaded and validated against the weekday calendar. */
export function syntheticSeries(o: SyntheticOptions): MarketRisk.PriceSeries[] {
  const calendar = weekdays('2024-01-01', o.days);
  return syntheticCsv(o).map(({ id, csv }) => {
    const r = MarketRisk.loadPriceCsv(id, csv, { calendar });
    if (!r.ok) throw new Error(`synthetic ${id}: ${JSON.stringify(r.report.issues.slice(0, 3))}`);
    return r.series;
  });
}
