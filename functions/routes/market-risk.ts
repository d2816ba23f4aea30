// The routes of market risk (issue 13, M3.2-a..c; ADR 0026): the price store, the runs, one
// portfolio's result, the platform's book, and the products' market-risk levels. Risk
// officers and admins. One entry per endpoint (functions/routes.ts gathers every module's).
import {
  MarketRiskQuery,
  PlatformMarketRiskOut,
  PortfolioMarketRiskOut,
  PortfolioParams,
  PriceFileRefusalMembers,
  PriceFileUpload,
  ProductMarketRiskOut,
  RunStartedOut,
  SeriesOut,
  SeriesParams,
  SeriesUploadOut,
} from '../../shared/risk';
import { RISK_STAFF, type RouteSpec } from './spec';

export const MARKET_RISK_ROUTES = {
  opsPutPriceSeries: {
    method: 'PUT',
    path: '/v1/ops/market-risk/series/{seriesId}',
    fn: 'opsMarketRisk',
    auth: RISK_STAFF,
    summary:
      "Staff (risk-officer, admin): store a daily price file as the series' next version, after validation; a file with any error is refused with its report (M3.2-a); the same file again is the current version",
    tag: 'Market risk',
    params: SeriesParams,
    body: PriceFileUpload,
    idempotencyKey: true,
    ok: {
      status: 200,
      schema: SeriesUploadOut,
      description: 'Stored (or already the current version)',
    },
    problems: ['SERIES_NOT_CONFIGURED', 'PRICE_FILE_REJECTED', 'CONCURRENT_CHANGE'],
    problemMembers: { codes: ['PRICE_FILE_REJECTED'], schema: PriceFileRefusalMembers },
  },
  opsGetPriceSeries: {
    method: 'GET',
    path: '/v1/ops/market-risk/series/{seriesId}',
    fn: 'opsMarketRisk',
    auth: RISK_STAFF,
    summary: "Staff: a series' current version, who stored it and when, and its validation report",
    tag: 'Market risk',
    params: SeriesParams,
    ok: { status: 200, schema: SeriesOut, description: 'The current version' },
    problems: ['SERIES_NOT_CONFIGURED', 'SERIES_NOT_FOUND'],
  },
  opsStartMarketRiskRun: {
    method: 'POST',
    path: '/v1/ops/market-risk/runs',
    fn: 'opsMarketRisk',
    auth: RISK_STAFF,
    summary:
      "Staff: run the nightly market-risk job now: pins the series versions and configuration, and enqueues one message per customer's portfolio and one for the whole book",
    tag: 'Market risk',
    ok: { status: 202, schema: RunStartedOut, description: 'Enqueued' },
    problems: ['MARKET_DATA_MISSING'],
  },
  opsGetMarketRisk: {
    method: 'GET',
    path: '/v1/ops/market-risk',
    fn: 'opsMarketRisk',
    auth: RISK_STAFF,
    summary:
      "Staff: the latest run's platform-wide figures: the whole book's VaR and ES by three methods, portfolios computed, empty, failed and pending, and the worst portfolios (M3.2-a, M3.2-b)",
    tag: 'Market risk',
    query: MarketRiskQuery,
    ok: { status: 200, schema: PlatformMarketRiskOut, description: 'The latest run' },
    problems: ['MARKET_RISK_NOT_COMPUTED'],
  },
  opsGetPortfolioMarketRisk: {
    method: 'GET',
    path: '/v1/ops/market-risk/portfolios/{id}',
    fn: 'opsMarketRisk',
    auth: RISK_STAFF,
    summary:
      "Staff: one portfolio's latest result (a customer's, or `platform`): VaR and ES at each level and horizon by three methods, stress and worst windows, each split by position and series, with the inputs it was computed from",
    tag: 'Market risk',
    params: PortfolioParams,
    ok: { status: 200, schema: PortfolioMarketRiskOut, description: 'The latest result' },
    problems: ['MARKET_RISK_NOT_COMPUTED'],
  },
  opsGetProductMarketRisk: {
    method: 'GET',
    path: '/v1/ops/market-risk/products',
    fn: 'opsMarketRisk',
    auth: RISK_STAFF,
    summary:
      "Staff: every product's market-risk level (M3.2-c): volatility, liquidity, exposure and environment indicators with their weights, from the current price files",
    tag: 'Market risk',
    ok: { status: 200, schema: ProductMarketRiskOut, description: 'One line per product' },
    problems: [],
  },
} as const satisfies Record<string, RouteSpec>;
