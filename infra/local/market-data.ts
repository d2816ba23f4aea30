// The local stage's price files (test/fixtures/prices, README there for source and licence):
// stored as each configured series' first version when the series has none, as
// `PUT /v1/ops/market-risk/series/{id}` would store them, so `npm start` can run the
// market-risk job at once (POST /v1/ops/market-risk/runs). A series already stored is left.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LedgerRepo } from '../../shared/money';
import { MarketRepo, MarketRisk } from '../../shared/risk';

const DIR = path.resolve(import.meta.dirname, '../../test/fixtures/prices');
export const LOCAL_PRICE_FILES: Readonly<Record<string, string>> = {
  AAPL: 'aapl.csv',
  'BOND-SYN': 'bond-syn.csv',
  CASH: 'cash.csv',
};

export async function seedPriceSeries(
  riskTable: string,
  settings: MarketRisk.MarketRiskSettings,
  at: Date = new Date(),
): Promise<string[]> {
  const repo = new MarketRepo(riskTable);
  const tx = new LedgerRepo(riskTable);
  const config = MarketRisk.marketRiskConfigOf(settings);
  const seeded: string[] = [];
  for (const { id } of settings.series) {
    const file = LOCAL_PRICE_FILES[id];
    if (!file || (await repo.head(id))) continue;
    const csv = readFileSync(path.join(DIR, file), 'utf8');
    const loaded = MarketRisk.loadPriceCsv(id, csv, { maxGapDays: config.data.maxGapDays });
    if (!loaded.ok)
      throw new Error(`${file} does not validate: ${JSON.stringify(loaded.report.counts)}`);
    await tx.commit(
      repo.putVersion(
        tx.tx(),
        {
          seriesId: id,
          version: 1,
          sha256: createHash('sha256').update(csv).digest('hex'),
          rows: loaded.report.rows,
          first: loaded.report.first,
          last: loaded.report.last,
          priceColumn: loaded.report.priceColumn,
          uploadedBy: 'local-seed',
          uploadedAt: at.toISOString(),
          csv,
          report: loaded.report,
        },
        undefined,
      ),
    );
    seeded.push(id);
  }
  return seeded;
}
