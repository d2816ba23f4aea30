// Requests and answers of the market-risk routes (M3.2; functions/routes/market-risk.ts).
import * as z from 'zod';
import type { Indicator } from './domain/market/config';
import { ASSET_CLASSES } from './domain/market/portfolio';
import { DATA_ISSUE_CODES } from './domain/market/prices';
import type { VarMethod } from './domain/market/var';

// Written out rather than imported: importing them would bundle the whole computation (the
// generator's tables, the default configuration) into every function that serves a route.
const VAR_METHODS = [
  'historical',
  'variance-covariance',
  'monte-carlo',
] as const satisfies readonly VarMethod[];
const INDICATORS = [
  'volatility',
  'liquidity',
  'exposure',
  'environment',
] as const satisfies readonly Indicator[];

const SeriesId = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/)
  .meta({ description: "A series of the stage's market-risk settings" });
const Fen = z.number().int().meta({ description: 'Fen (whole)' });
const Day = z.string().meta({ description: 'YYYY-MM-DD' });

export const SeriesParams = z.object({ seriesId: SeriesId }).strict();
export const PortfolioParams = z
  .object({
    id: z
      .string()
      .regex(
        /^(platform|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/,
      )
      .meta({ description: "A customer's id, or `platform` for the whole book" }),
  })
  .strict();
export const MarketRiskQuery = z
  .object({
    worst: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(10)
      .meta({ description: 'How many of the worst portfolios to list' }),
  })
  .strict();

export const PriceFileUpload = z
  .object({
    csv: z.string().min(1).max(1_000_000).meta({
      description:
        'The whole file: `Date,Open,High,Low,Close,Adj Close,Volume` (Adj Close preferred, Close otherwise; Volume optional), one row a day, ascending',
    }),
  })
  .strict()
  .meta({ id: 'PriceFileUpload' });

const Issue = z.object({
  code: z.enum(DATA_ISSUE_CODES),
  severity: z.enum(['error', 'warning']),
  line: z.number().int().optional(),
  date: z.string().optional(),
  message: z.string(),
});
export const ValidationReportOut = z
  .object({
    seriesId: z.string(),
    rows: z.number().int(),
    priceColumn: z.enum(['Adj Close', 'Close']).optional(),
    first: Day.optional(),
    last: Day.optional(),
    accepted: z.boolean(),
    issues: z.array(Issue).meta({ description: 'The first 100 issues' }),
    issuesShown: z.number().int(),
    counts: z.record(z.string(), z.number().int()).meta({ description: 'Every issue, by code' }),
  })
  .meta({ description: 'A price file\'s validation report (docs/market-risk.md, "Market data")' });

export const PriceFileRefusalMembers = z.object({ report: ValidationReportOut });

export const SeriesUploadOut = z
  .object({
    seriesId: z.string(),
    assetClass: z.enum(ASSET_CLASSES),
    version: z.number().int().positive(),
    created: z
      .boolean()
      .meta({ description: "False when the file is the current version's, byte for byte" }),
    sha256: z.string(),
    report: ValidationReportOut,
  })
  .meta({ id: 'PriceSeriesUpload' });

export const SeriesOut = z
  .object({
    seriesId: z.string(),
    assetClass: z.enum(ASSET_CLASSES),
    version: z.number().int().positive(),
    sha256: z.string(),
    rows: z.number().int(),
    first: Day.optional(),
    last: Day.optional(),
    priceColumn: z.string().optional(),
    uploadedBy: z.string(),
    uploadedAt: z.iso.datetime(),
    report: ValidationReportOut,
  })
  .meta({ id: 'PriceSeries' });

const SeriesPin = z.object({
  seriesId: z.string(),
  version: z.number().int(),
  sha256: z.string(),
  first: Day.optional(),
  last: Day.optional(),
});
const RunOut = z.object({
  runId: z.string(),
  startedAt: z.iso.datetime(),
  by: z.string().meta({ description: '`schedule`, or the staff member who started it' }),
  configVersion: z.string(),
  series: z
    .array(SeriesPin)
    .meta({ description: 'The series versions every portfolio of the run uses' }),
  portfolios: z.number().int().meta({ description: "Customers' portfolios enqueued" }),
});
export const RunStartedOut = RunOut.extend({
  enqueued: z.number().int(),
  notEnqueued: z.number().int(),
}).meta({ id: 'MarketRiskRun' });

const FigureLine = z.object({
  method: z.enum(VAR_METHODS),
  confidence: z.number(),
  horizonDays: z.number().int(),
  var: Fen,
  es: Fen,
  varShare: z.number().meta({ description: 'VaR as a share of the value (0.123 = 12.3%)' }),
});
const Summary = z
  .object({
    portfolioId: z.string(),
    runId: z.string(),
    status: z.enum(['COMPUTED', 'EMPTY', 'FAILED']),
    computedAt: z.iso.datetime(),
    value: Fen,
    positions: z.number().int(),
    headline: FigureLine.optional().meta({
      description: 'Historical, highest level, one day: what portfolios are ranked by',
    }),
    figures: z.array(FigureLine),
    reason: z.string().optional(),
  })
  .meta({ id: 'MarketRiskSummary' });

export const PlatformMarketRiskOut = z
  .object({
    run: RunOut,
    counts: z.object({
      portfolios: z.number().int(),
      computed: z.number().int(),
      empty: z.number().int(),
      failed: z.number().int(),
      pending: z.number().int(),
    }),
    book: Summary.optional().meta({
      description: "The platform's whole book as one portfolio (absent until computed)",
    }),
    sumOfHeadlineVar: Fen.meta({
      description:
        "The portfolios' headline VaRs added up: the book's is lower by the diversification",
    }),
    worst: z.array(Summary),
  })
  .meta({ id: 'PlatformMarketRisk' });

const Contribution = z.object({ id: z.string(), var: Fen, es: Fen });
const LossSplit = {
  loss: Fen,
  byPosition: z.array(z.object({ id: z.string(), loss: Fen })),
  bySeries: z.array(z.object({ id: z.string(), loss: Fen, shock: z.number() })),
};
const Report = z.object({
  portfolioId: z.string(),
  value: Fen,
  returns: z.literal('simple'),
  horizonScaling: z.literal('square-root-of-time'),
  observations: z.number().int(),
  firstDay: z.string(),
  lastDay: z.string(),
  methods: z.array(
    z.object({
      method: z.enum(VAR_METHODS),
      parameters: z.record(z.string(), z.union([z.number(), z.string()])),
      figures: z.array(
        z.object({
          confidence: z.number(),
          horizonDays: z.number().int(),
          var: Fen,
          es: Fen,
          varShare: z.number(),
          esShare: z.number(),
          byPosition: z.array(Contribution).meta({ description: "Each position's contribution" }),
          bySeries: z.array(Contribution),
          varScenarios: z.array(z.string()).optional(),
        }),
      ),
    }),
  ),
  stress: z.array(z.object({ id: z.string(), description: z.string(), ...LossSplit })),
  worstWindows: z.array(
    z.object({ days: z.number().int(), firstDay: z.string(), lastDay: z.string(), ...LossSplit }),
  ),
});
/** A figure that may be undefined (0/0: no exception after an exception, ...), null then. */
const Stat = z.number().nullable();
const LikelihoodRatio = {
  statistic: Stat,
  degreesOfFreedom: z.number().int(),
  pValue: Stat.meta({ description: 'Small: the VaR model is rejected' }),
};
const Backtest = z
  .object({
    options: z.object({
      window: z.number().int(),
      confidence: z.number(),
      method: z.enum(['historical', 'variance-covariance']),
    }),
    firstDay: z.string(),
    lastDay: z.string(),
    observations: z.number().int(),
    exceptions: z.number().int(),
    expectedExceptions: z.number(),
    exceptionRate: z.number(),
    exceptionDays: z.array(z.string()),
    kupiec: z.object(LikelihoodRatio),
    christoffersen: z.object({
      ...LikelihoodRatio,
      n00: z.number().int(),
      n01: z.number().int(),
      n10: z.number().int(),
      n11: z.number().int(),
      pi0: Stat,
      pi1: Stat,
      pi: Stat,
    }),
    conditionalCoverage: z.object(LikelihoodRatio),
    trafficLight: z.object({
      zone: z.enum(['GREEN', 'YELLOW', 'RED']),
      cumulativeProbability: Stat,
      plusFactor: z.number().optional(),
      observations: z.number().int(),
      exceptions: z.number().int(),
    }),
  })
  .meta({
    description:
      "The book as held today over every day of the data: rolling one-day VaR, Kupiec's and Christoffersen's tests, the Basel traffic light (M3.2-a)",
  });

export const PortfolioMarketRiskOut = z
  .object({
    portfolioId: z.string(),
    runId: z.string(),
    status: z.enum(['COMPUTED', 'EMPTY', 'FAILED']),
    computedAt: z.iso.datetime(),
    reason: z.string().optional(),
    inputs: z.object({
      configVersion: z.string(),
      series: z.array(SeriesPin),
      droppedDates: z.number().int(),
      valuation: z.string(),
    }),
    positions: z.array(
      z.object({
        productId: z.string(),
        productType: z.string().optional(),
        value: Fen,
        mapping: z.enum(['product', 'type']).optional(),
        legs: z.array(z.object({ seriesId: z.string(), weight: z.number() })),
      }),
    ),
    report: Report.optional(),
    backtest: Backtest.optional(),
  })
  .meta({ id: 'PortfolioMarketRisk' });

export const ProductMarketRiskOut = z
  .object({
    configVersion: z.string(),
    series: z.array(SeriesPin),
    products: z.array(
      z.object({
        productId: z.string(),
        name: z.string(),
        type: z.string(),
        mapping: z.enum(['product', 'type']).optional(),
        legs: z.array(z.object({ seriesId: z.string(), weight: z.number() })).optional(),
        asOf: z.string().optional(),
        score: z.number().optional(),
        level: z.enum(['LOW', 'MEDIUM', 'HIGH']).optional(),
        indicators: z
          .array(
            z.object({
              indicator: z.enum(INDICATORS),
              value: z.number().nullable().optional(),
              unit: z.string(),
              points: z.number(),
              weight: z.number(),
              contribution: z.number(),
              detail: z.string(),
            }),
          )
          .optional(),
        reason: z.string().optional().meta({ description: 'Why no level could be given' }),
      }),
    ),
  })
  .meta({ id: 'ProductMarketRisk' });
