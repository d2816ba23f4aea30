// The market-risk service (M3.2-a..c; ADR 0026): price files stored as versions after
// validation, the nightly run that enqueues one message per portfolio, the worker's
// computation of one portfolio (stored with every input it used, so it can be computed
// again to the fen), and what staff read: one portfolio, the platform's book, the products'
// market-risk levels. A run pins the series versions, the configuration version and the
// product mapping when it starts, so every portfolio of a run is priced on the same inputs.
import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel';
import {
  commitChange,
  once,
  staffRequest,
  type IdempotentRequest,
  type LedgerRepo,
} from '../../money';
import { ConflictError, logger, NotFoundError, Refusal, type MessageQueue } from '../../platform';
import type { MarketRepo, MarketRun, PortfolioSummary, SeriesPin } from '../adapters/market-repo';
import * as M from '../domain/market';

/** The id of the platform's whole book among the portfolios of a run. */
export const PLATFORM_PORTFOLIO = 'platform';
/** Holdings that carry market risk: ordered, settled, or being redeemed. */
const OPEN = new Set(['PENDING', 'HELD', 'REDEEMING']);
/** Issues shown in an answer; the report's counts cover them all. */
export const MAX_ISSUES_SHOWN = 100;

export interface HeldPosition {
  readonly customerId: string;
  readonly productId: string;
  /** Fen invested: the ledger does not mark positions to market. */
  readonly principal: number;
  readonly status: string;
}

export interface MarketRiskDeps {
  readonly repo: MarketRepo;
  readonly tx: LedgerRepo;
  readonly holdings: {
    of(customerId: string): Promise<readonly HeldPosition[]>;
    all(): Promise<readonly HeldPosition[]>;
  };
  readonly products: {
    typeOf(productId: string): Promise<string | undefined>;
    catalog(): Promise<readonly { productId: string; name: string; type: string }[]>;
  };
  readonly queue: MessageQueue;
  readonly clock: Clock;
  readonly settings: M.MarketRiskSettings;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A report with at most MAX_ISSUES_SHOWN issues (its counts still count every one). */
export function shownReport(report: M.ValidationReport): M.ValidationReport & {
  readonly issuesShown: number;
} {
  return {
    ...report,
    issues: report.issues.slice(0, MAX_ISSUES_SHOWN),
    issuesShown: Math.min(report.issues.length, MAX_ISSUES_SHOWN),
  };
}

function configured(seriesId: string, s: M.MarketRiskSettings): M.SeriesInfo {
  const info = s.series.find((x) => x.id === seriesId);
  if (!info)
    throw new NotFoundError(
      'SERIES_NOT_CONFIGURED',
      `No series ${seriesId} in this stage's market-risk settings.`,
    );
  return info;
}

export interface UploadAnswer {
  readonly seriesId: string;
  readonly assetClass: string;
  readonly version: number;
  /** False when the file is the current version's, byte for byte (nothing stored). */
  readonly created: boolean;
  readonly sha256: string;
  readonly report: ReturnType<typeof shownReport>;
}

/**
 * Stores a price file as the series' next version, after validation: a file whose report has
 * an error is refused with the report (M3.2-a: reported, never used). The same file again is
 * the current version, not a new one.
 */
export async function uploadSeries(
  staff: string,
  seriesId: string,
  req: Omit<IdempotentRequest, 'customerId' | 'body'> & { input: { csv: string } },
  deps: MarketRiskDeps,
): Promise<UploadAnswer> {
  const info = configured(seriesId, deps.settings);
  const digest = sha256(req.input.csv);
  const scoped = staffRequest(staff, req, { series: seriesId, sha256: digest });
  return once(
    deps.tx,
    scoped,
    { table: deps.repo.table, checkFirst: true, recordRefusals: true },
    async (key) => {
      const config = M.marketRiskConfigOf(deps.settings);
      const loaded = M.loadPriceCsv(seriesId, req.input.csv, {
        maxGapDays: config.data.maxGapDays,
      });
      const report = shownReport(loaded.report);
      if (!loaded.ok) {
        const counts = Object.entries(loaded.report.counts)
          .map(([c, n]) => `${c} ${n}`)
          .join(', ');
        throw new Refusal(
          'PRICE_FILE_REJECTED',
          `The file has errors (${counts}); nothing was stored.`,
          [],
          { details: { report } },
        );
      }
      const head = await deps.repo.head(seriesId);
      const base = { seriesId, assetClass: info.assetClass, sha256: digest, report };
      if (head?.sha256 === digest) {
        const answer: UploadAnswer = { ...base, version: head.version, created: false };
        await deps.tx.commit(key.answered(deps.tx.tx(), answer));
        return answer;
      }
      const version = (head?.version ?? 0) + 1;
      const answer: UploadAnswer = { ...base, version, created: true };
      const tx = deps.repo.putVersion(
        key.answered(deps.tx.tx(), answer),
        {
          seriesId,
          version,
          sha256: digest,
          rows: loaded.report.rows,
          first: loaded.report.first,
          last: loaded.report.last,
          priceColumn: loaded.report.priceColumn,
          uploadedBy: staff,
          uploadedAt: deps.clock.now().toISOString(),
          csv: req.input.csv,
          report: loaded.report,
        },
        head?.version,
      );
      await commitChange(
        deps.tx,
        tx,
        ['ruleSet'],
        'Another file for this series was stored at the same time; try again.',
      );
      return answer;
    },
  );
}

/** The current version of a series with its validation report. */
export async function seriesReport(seriesId: string, deps: MarketRiskDeps) {
  const info = configured(seriesId, deps.settings);
  const head = await deps.repo.head(seriesId);
  const version = head && (await deps.repo.version(seriesId, head.version));
  if (!head || !version)
    throw new NotFoundError('SERIES_NOT_FOUND', `No file has been stored for ${seriesId}.`);
  const { csv: _csv, report, ...rest } = version;
  return { ...rest, assetClass: info.assetClass, report: shownReport(report) };
}

async function currentPins(deps: MarketRiskDeps): Promise<SeriesPin[]> {
  const heads = await Promise.all(deps.settings.series.map((s) => deps.repo.head(s.id)));
  const missing = deps.settings.series.filter((_, i) => !heads[i]).map((s) => s.id);
  if (missing.length)
    throw new ConflictError(
      'MARKET_DATA_MISSING',
      `No price file stored for ${missing.join(', ')}: upload them first.`,
    );
  return heads.map((h) => {
    const x = h as NonNullable<(typeof heads)[number]>;
    return {
      seriesId: x.seriesId,
      version: x.version,
      sha256: x.sha256,
      first: x.first,
      last: x.last,
    };
  });
}

export interface RunStarted extends MarketRun {
  /** Messages the queue accepted (the customers' portfolios and the platform's book). */
  readonly enqueued: number;
  readonly notEnqueued: number;
}

/**
 * Starts a run: pins the current series versions, the configuration and the mapping, and
 * enqueues one message per customer with open holdings, plus one for the platform's book.
 */
export async function startMarketRiskRun(by: string, deps: MarketRiskDeps): Promise<RunStarted> {
  const series = await currentPins(deps);
  const held = (await deps.holdings.all()).filter((h) => OPEN.has(h.status));
  const customers = [...new Set(held.map((h) => h.customerId))].sort();
  const now = deps.clock.now();
  const run: MarketRun & { readonly settings: M.MarketRiskSettings } = {
    runId: `${now.toISOString()}-${randomUUID().slice(0, 8)}`,
    startedAt: now.toISOString(),
    by,
    configVersion: deps.settings.configVersion,
    series,
    portfolios: customers.length,
    settings: deps.settings,
  };
  await deps.repo.putRun(run);
  const messages = [...customers, PLATFORM_PORTFOLIO].map((portfolioId) => ({
    runId: run.runId,
    portfolioId,
  }));
  const failed = await deps.queue.sendAll(messages);
  if (failed.size)
    logger.error('market-risk run: messages not enqueued', {
      runId: run.runId,
      notEnqueued: failed.size,
    });
  const { settings: _settings, ...answer } = run;
  return { ...answer, enqueued: messages.length - failed.size, notEnqueued: failed.size };
}

const seriesCache = new Map<string, M.PriceSeries>();
const runCache = new Map<string, MarketRun & { settings: M.MarketRiskSettings }>();

async function pinnedSeries(
  pins: readonly SeriesPin[],
  maxGapDays: number,
  repo: MarketRepo,
): Promise<M.PriceSeries[]> {
  return Promise.all(
    pins.map(async (p) => {
      const k = `${p.seriesId}@${p.version}`;
      const hit = seriesCache.get(k);
      if (hit) return hit;
      const v = await repo.version(p.seriesId, p.version);
      if (!v) throw new Error(`series ${k} is not stored`);
      const loaded = M.loadPriceCsv(p.seriesId, v.csv, { maxGapDays });
      if (!loaded.ok) throw new Error(`series ${k} no longer validates`);
      seriesCache.set(k, loaded.series);
      return loaded.series;
    }),
  );
}

export interface PositionInput {
  readonly productId: string;
  readonly productType: string | undefined;
  /** Fen. */
  readonly value: number;
  readonly mapping: 'product' | 'type' | undefined;
  readonly legs: readonly { readonly seriesId: string; readonly weight: number }[];
}

/** One portfolio's stored result: the report and every input it was computed from. */
export interface PortfolioResult {
  readonly portfolioId: string;
  readonly runId: string;
  readonly status: PortfolioSummary['status'];
  readonly computedAt: string;
  readonly reason?: string;
  readonly inputs: {
    readonly configVersion: string;
    readonly series: readonly SeriesPin[];
    /** Price dates some series had and others not: left out of the returns (docs). */
    readonly droppedDates: number;
    readonly valuation: 'principal (the ledger does not mark positions to market)';
  };
  readonly positions: readonly PositionInput[];
  readonly report?: M.PortfolioRiskReport;
  /**
   * The book as held today, backtested over every day of the data (M3.2-a): rolling one-day
   * VaR, exceptions, Kupiec, Christoffersen, the traffic light; the exception days, not
   * every day's row.
   */
  readonly backtest?: BacktestSummary;
}

export type BacktestSummary = Omit<M.BacktestResult, 'days'> & {
  readonly firstDay: string;
  readonly lastDay: string;
  readonly exceptionDays: readonly string[];
};

/** The backtest of a book's exposures over all aligned days, when there are enough of them. */
export function backtestBook(
  portfolio: M.Portfolio,
  returns: M.ReturnMatrix,
  config: M.MarketRiskConfig,
): BacktestSummary | undefined {
  const own = M.selectSeries(returns, portfolio.seriesIds);
  if (own.dates.length <= config.backtest.windowDays) return undefined;
  const pnl = M.portfolioPnl(own, portfolio.exposures);
  const { days, ...result } = M.backtestVar(pnl, own.dates, {
    window: config.backtest.windowDays,
    confidence: config.backtest.confidence,
    method: config.backtest.method,
  });
  return {
    ...result,
    firstDay: days[0]?.date ?? '',
    lastDay: days.at(-1)?.date ?? '',
    exceptionDays: days.filter((d) => d.exception).map((d) => d.date),
  };
}

/** The worker: computes one portfolio of a run and stores its result with its inputs. */
export async function computePortfolio(
  message: { runId: string; portfolioId: string },
  deps: MarketRiskDeps,
): Promise<PortfolioSummary> {
  let run = runCache.get(message.runId);
  if (!run) {
    const stored = (await deps.repo.run(message.runId)) as typeof run;
    if (!stored) throw new Error(`no market-risk run ${message.runId}`);
    run = stored;
    runCache.set(message.runId, stored);
  }
  const settings = run.settings;
  const config = M.marketRiskConfigOf({ configVersion: run.configVersion });
  const universe = M.marketUniverseOf(settings);
  const held = (
    message.portfolioId === PLATFORM_PORTFOLIO
      ? await deps.holdings.all()
      : await deps.holdings.of(message.portfolioId)
  ).filter((h) => OPEN.has(h.status));
  const values = new Map<string, number>();
  for (const h of held) values.set(h.productId, (values.get(h.productId) ?? 0) + h.principal);
  // Products in id order and series in the settings' order: the same holdings give the same
  // vectors, so the same Monte Carlo draws meet the same series (reproducible to the fen).
  const positions: PositionInput[] = await Promise.all(
    [...values]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(async ([productId, value]) => {
        const productType = await deps.products.typeOf(productId);
        const mapping = productType ? M.mappingFor(settings, productId, productType) : undefined;
        return {
          productId,
          productType,
          value,
          mapping: mapping?.source,
          legs: mapping?.legs ?? [],
        };
      }),
  );
  const computedAt = deps.clock.now().toISOString();
  const base = { portfolioId: message.portfolioId, runId: run.runId, computedAt };
  const inputs = {
    configVersion: run.configVersion,
    series: run.series,
    droppedDates: 0,
    valuation: 'principal (the ledger does not mark positions to market)' as const,
  };
  const value = positions.reduce((a, p) => a + p.value, 0);
  const store = async (
    status: PortfolioSummary['status'],
    extra: {
      reason?: string;
      report?: M.PortfolioRiskReport;
      backtest?: BacktestSummary | undefined;
      droppedDates?: number;
    },
  ) => {
    const figures = extra.report ? M.figureLines(extra.report) : [];
    const headline = M.headlineOf(figures, config);
    const summary: PortfolioSummary = {
      ...base,
      status,
      value,
      positions: positions.length,
      figures,
      ...(headline ? { headline } : {}),
      ...(extra.reason ? { reason: extra.reason } : {}),
    };
    const result: PortfolioResult = {
      ...base,
      status,
      ...(extra.reason ? { reason: extra.reason } : {}),
      inputs: { ...inputs, droppedDates: extra.droppedDates ?? 0 },
      positions,
      ...(extra.report ? { report: extra.report } : {}),
      ...(extra.backtest ? { backtest: extra.backtest } : {}),
    };
    await deps.repo.putResult(summary, result);
    return summary;
  };
  if (positions.length === 0 || value === 0) return store('EMPTY', {});
  const unmapped = positions.filter((p) => !p.mapping).map((p) => p.productId);
  if (unmapped.length)
    // Deterministic: retrying would fail the same way, so it is stored, not redelivered.
    return store('FAILED', { reason: `no series mapping for products ${unmapped.join(', ')}` });
  const reached = new Set(positions.flatMap((p) => p.legs.map((l) => l.seriesId)));
  const pins = run.series.filter((p) => reached.has(p.seriesId));
  const data = await pinnedSeries(pins, config.data.maxGapDays, deps.repo);
  const aligned = M.alignReturns(data);
  const portfolio = M.buildPortfolio(
    message.portfolioId,
    positions.map((p) => ({ productId: p.productId, value: p.value })),
    positions.map((p) => ({ productId: p.productId, legs: [...p.legs] })),
    pins.map((p) => p.seriesId),
  );
  const report = M.assessPortfolio(portfolio, aligned.returns, universe, config);
  return store('COMPUTED', {
    report,
    backtest: backtestBook(portfolio, aligned.returns, config),
    droppedDates: aligned.dropped.reduce((a, d) => a + d.dates.length, 0),
  });
}

/** A portfolio's latest stored result (a customer's id, or `platform`). */
export async function portfolioResult(portfolioId: string, deps: Pick<MarketRiskDeps, 'repo'>) {
  const result = (await deps.repo.latestResult(portfolioId)) as PortfolioResult | undefined;
  if (!result)
    throw new NotFoundError(
      'MARKET_RISK_NOT_COMPUTED',
      `No market-risk result for portfolio ${portfolioId} yet.`,
    );
  return result;
}

/**
 * The platform-wide view of the latest run: the whole book's figures (one portfolio of all
 * holdings, so diversification across customers counts), how many portfolios are computed,
 * empty, failed or still pending, and the worst portfolios by headline VaR.
 */
export async function platformMarketRisk(worst: number, deps: Pick<MarketRiskDeps, 'repo'>) {
  const run = await deps.repo.latestRun();
  if (!run)
    throw new NotFoundError('MARKET_RISK_NOT_COMPUTED', 'No market-risk run has started yet.');
  const { settings: _settings, ...runOut } = run as MarketRun & { settings?: unknown };
  const summaries = await deps.repo.summaries(run.runId);
  const book = summaries.find((s) => s.portfolioId === PLATFORM_PORTFOLIO);
  const customers = summaries.filter((s) => s.portfolioId !== PLATFORM_PORTFOLIO);
  const count = (status: PortfolioSummary['status']) =>
    customers.filter((s) => s.status === status).length;
  return {
    run: runOut,
    counts: {
      portfolios: run.portfolios,
      computed: count('COMPUTED'),
      empty: count('EMPTY'),
      failed: count('FAILED'),
      pending: Math.max(0, run.portfolios - customers.length),
    },
    ...(book ? { book } : {}),
    /** The sum of the portfolios' headline VaRs: above the book's by what diversification saves. */
    sumOfHeadlineVar: customers.reduce((a, s) => a + (s.headline?.var ?? 0), 0),
    worst: M.worstPortfolios(customers, worst),
  };
}

export interface ProductLevelLine {
  readonly productId: string;
  readonly name: string;
  readonly type: string;
  readonly mapping?: 'product' | 'type';
  readonly legs?: readonly { readonly seriesId: string; readonly weight: number }[];
  readonly asOf?: string;
  readonly score?: number;
  readonly level?: M.MarketRiskLevel;
  readonly indicators?: readonly M.IndicatorScore[];
  /** Why no level could be given. */
  readonly reason?: string;
}

/** Each product's market-risk level (M3.2-c) from the current version of its legs' series. */
export async function productMarketRiskLevels(deps: MarketRiskDeps): Promise<{
  configVersion: string;
  series: SeriesPin[];
  products: ProductLevelLine[];
}> {
  const settings = deps.settings;
  const config = M.marketRiskConfigOf(settings);
  const heads = await Promise.all(settings.series.map((s) => deps.repo.head(s.id)));
  const pins: SeriesPin[] = heads.flatMap((h) =>
    h
      ? [
          {
            seriesId: h.seriesId,
            version: h.version,
            sha256: h.sha256,
            first: h.first,
            last: h.last,
          },
        ]
      : [],
  );
  const data = new Map(
    (await pinnedSeries(pins, config.data.maxGapDays, deps.repo)).map((s) => [s.id, s]),
  );
  const catalog = await deps.products.catalog();
  const products = catalog.map((p): ProductLevelLine => {
    const mapping = M.mappingFor(settings, p.productId, p.type);
    const base = { productId: p.productId, name: p.name, type: p.type };
    if (!mapping) return { ...base, reason: 'no series mapping for this product or its type' };
    const legs = mapping.legs.map((l) => ({ seriesId: l.seriesId, weight: l.weight }));
    const missing = legs.filter((l) => !data.has(l.seriesId)).map((l) => l.seriesId);
    if (missing.length)
      return {
        ...base,
        mapping: mapping.source,
        legs,
        reason: `no price file for ${missing.join(', ')}`,
      };
    const risk = M.productMarketRisk(mapping, settings.series, data, config.indicators);
    return {
      ...base,
      mapping: mapping.source,
      legs,
      asOf: risk.asOf,
      score: risk.score,
      level: risk.level,
      indicators: risk.indicators,
    };
  });
  return { configVersion: settings.configVersion, series: pins, products };
}
