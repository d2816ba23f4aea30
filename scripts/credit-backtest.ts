// `npm run risk:backtest`: fits the statistical credit scorecard and backtests both
// scorecards on the German Credit data (scripts/credit/backtest.ts), writes the report to
// docs/credit-backtest.md and the fitted scorecard to
// shared/credit/domain/statistical-scorecard.json, and prints the headline figures.
// `--data PATH` reads another copy of german.data (the default is the committed one).
import { readFileSync, writeFileSync } from 'node:fs';
import { artifactJson, backtestReport, runBacktest } from './credit/backtest';
import { GERMAN_CREDIT_CITATION, GERMAN_CREDIT_FILE } from './credit/german-credit';

export const REPORT_FILE = new URL('../docs/credit-backtest.md', import.meta.url);
export const ARTIFACT_FILE = new URL(
  '../shared/credit/domain/statistical-scorecard.json',
  import.meta.url,
);

const at = process.argv.indexOf('--data');
const dataFile = at > 0 ? process.argv[at + 1] : undefined;
const result = runBacktest(readFileSync(dataFile ?? GERMAN_CREDIT_FILE, 'utf8'));
writeFileSync(REPORT_FILE, backtestReport(result));
writeFileSync(ARTIFACT_FILE, artifactJson(result.artifact));

const f = (s: { mean: number; sd: number }) => `${s.mean.toFixed(3)} ± ${s.sd.toFixed(3)}`;
for (const kind of ['expert', 'statistical'] as const) {
  const cv = result.cv[kind];
  const h = result.holdout[kind];
  process.stdout.write(
    `${kind.padEnd(11)} CV AUC ${f(cv.auc!)}  KS ${f(cv.ks!)}  accuracy ${f(cv.accuracy!)}  cost/application ${f(cv.cost!)}` +
      `  | holdout AUC ${h.auc.toFixed(3)}, accuracy ${h.atCutoff.accuracy.toFixed(3)}, cost ${h.atCutoff.costPerApplication.toFixed(3)}\n`,
  );
}
process.stdout.write(
  `wrote docs/credit-backtest.md and shared/credit/domain/statistical-scorecard.json\n` +
    `Data: ${GERMAN_CREDIT_CITATION.replaceAll('*', '')}\n`,
);
