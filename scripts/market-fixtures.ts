// Writes the two derived price files of test/fixtures/prices/ (README there): a flat cash
// series and a seeded synthetic bond series, both on the trading days of aapl.csv (the one
// real series), so the three align day for day. Deterministic: running it again writes the
// same bytes. `npx tsx scripts/market-fixtures.ts`
import { readFileSync, writeFileSync } from 'node:fs';
import { MarketRisk } from '../shared/risk';

const DIR = 'test/fixtures/prices';
const dates = readFileSync(`${DIR}/aapl.csv`, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(',')[0] as string);

// Cash: worth 1 every day; no Volume column (nothing trades).
writeFileSync(
  `${DIR}/cash.csv`,
  ['Date,Close', ...dates.map((d) => `${d},1.000000`)].join('\n') + '\n',
);

// A bond fund stand-in: daily returns normal, mean 1 bp, volatility 0.2% (about 3% a year),
// seed 20131113; volume around 5 million units a day.
const g = new MarketRisk.NormalGenerator(20_131_113);
let price = 100;
const rows = dates.map((d, t) => {
  if (t > 0) price *= 1 + 0.0001 + 0.002 * g.next();
  const p = price.toFixed(6);
  const volume = Math.round(5_000_000 * (1 + 0.2 * Math.abs(g.next())));
  return `${d},${p},${p},${p},${p},${p},${volume}`;
});
writeFileSync(
  `${DIR}/bond-syn.csv`,
  ['Date,Open,High,Low,Close,Adj Close,Volume', ...rows].join('\n') + '\n',
);
