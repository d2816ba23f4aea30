// Request and response schemas of the key risk indicator routes (issue 13, M3.3-a, M3.4-a).
import * as z from 'zod';
import { SEVERITIES } from './domain/rules';
import { KRI_CATEGORIES, KRI_PERIODS, KRI_SCOPES, KRI_SOURCES, KriIndicatorId } from './domain/kri';

const Period = z
  .enum(KRI_PERIODS)
  .meta({ description: 'DAY (UTC), WEEK (ISO, Monday to Sunday) or MONTH' });
const PeriodKey = z
  .string()
  .regex(/^\d{4}-(\d{2}-\d{2}|W\d{2}|\d{2})$/)
  .meta({
    description: 'The period: 2026-11-29 (DAY), 2026-W48 (WEEK), 2026-11 (MONTH)',
    example: '2026-11-29',
  });

export const KriListQuery = z
  .object({
    period: Period.default('DAY'),
    from: PeriodKey.optional().meta({
      description: 'First period (30 days, 12 weeks or 12 months before `to` by default)',
    }),
    to: PeriodKey.optional().meta({ description: 'Last period (the current one by default)' }),
  })
  .strict();

export const KriPeriodParams = z.object({ period: Period, key: PeriodKey }).strict();

export const KriRunRequest = z
  .object({
    period: Period,
    key: PeriodKey.optional().meta({
      description: 'The period to score; the current one by default',
    }),
  })
  .strict();

export const KriInputRequest = z
  .object({
    indicatorId: KriIndicatorId,
    period: Period,
    key: PeriodKey,
    value: z
      .number()
      .min(0)
      .max(1_000_000_000)
      .meta({ description: "The figure, in the indicator's unit" }),
    reason: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .meta({ description: 'Why: the source of the figure' }),
  })
  .strict();

const Entry = z.object({
  value: z.number(),
  by: z.string(),
  at: z.iso.datetime(),
  reason: z.string(),
});

export const KriInputOut = z
  .object({
    indicatorId: z.string(),
    period: Period,
    key: z.string(),
    value: z.number(),
    by: z.string().meta({ description: 'Who entered the value in force' }),
    at: z.iso.datetime(),
    reason: z.string(),
    version: z.number().int(),
    history: z.array(Entry).meta({ description: 'Every entry for the period, oldest first' }),
  })
  .strict();

const InputRef = z
  .object({
    key: z.string(),
    value: z.number(),
    by: z.string(),
    at: z.iso.datetime(),
    reason: z.string(),
  })
  .meta({
    description: 'The staff entry used (for CARRIED, the earlier period it was entered for)',
  });

const IndicatorOut = z.object({
  id: z.string(),
  description: z.string(),
  source: z.enum(KRI_SOURCES),
  unit: z.string(),
  status: z.enum(['PLATFORM', 'STAFF', 'CARRIED', 'MISSING']),
  value: z.number().optional(),
  band: z.object({ low: z.number(), high: z.number() }),
  score: z.number().meta({ description: '0 at or below band.low, 100 at or above band.high' }),
  share: z.number().meta({ description: "Share of its group's weight, %" }),
  weight: z.number().meta({ description: 'Weight in its category (group weight x share), %' }),
  contribution: z.number().meta({ description: "Points it adds to its category's score" }),
  explanation: z.string(),
  input: InputRef.optional(),
});

const Scores = z.object({
  operational: z.number(),
  compliance: z.number(),
  overall: z.number(),
});

export const KriPeriodOut = z
  .object({
    period: Period,
    key: z.string(),
    start: z.iso.datetime(),
    end: z.iso.datetime(),
    asOf: z.iso.datetime().meta({ description: 'Figures read up to this instant' }),
    final: z.boolean().meta({ description: 'Whether the period had ended when it was scored' }),
    computedAt: z.iso.datetime(),
    configVersion: z.string(),
    overall: z.number(),
    level: z.string().meta({ description: 'GREEN, or the highest threshold reached' }),
    coverage: z
      .number()
      .meta({ description: 'Share of the weight whose indicators had a figure, %' }),
    categories: z.array(
      z.object({
        category: z.enum(KRI_CATEGORIES),
        weight: z.number(),
        score: z.number(),
        level: z.string(),
        contribution: z.number().meta({ description: 'Points it adds to the overall score' }),
        groups: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            weight: z.number(),
            score: z.number(),
            indicators: z.array(IndicatorOut),
          }),
        ),
      }),
    ),
    trend: z.object({
      previous: z.string().optional(),
      change: Scores.meta({
        description: 'This score minus the previous period’s (UP: more risk)',
      }),
      direction: z.object({
        operational: z.enum(['UP', 'DOWN', 'FLAT']),
        compliance: z.enum(['UP', 'DOWN', 'FLAT']),
        overall: z.enum(['UP', 'DOWN', 'FLAT']),
      }),
      history: z.array(Scores.extend({ key: z.string() })),
    }),
    alerts: z
      .array(
        z.object({
          scope: z.enum(KRI_SCOPES),
          level: z.string(),
          threshold: z.number(),
          severity: z.enum(SEVERITIES),
          score: z.number(),
          alertId: z
            .string()
            .meta({ description: 'The monitoring alert (GET /v1/ops/alerts/{alertId})' }),
          raisedAt: z.iso.datetime(),
        }),
      )
      .meta({ description: 'The alerts its thresholds raised, once per threshold' }),
  })
  .strict();

export const KriPeriodList = z
  .object({
    period: Period,
    from: z.string(),
    to: z.string(),
    items: z.array(
      z.object({
        key: z.string(),
        overall: z.number(),
        level: z.string(),
        operational: z.number(),
        compliance: z.number(),
        coverage: z.number(),
        final: z.boolean(),
        computedAt: z.iso.datetime(),
        direction: z
          .enum(['UP', 'DOWN', 'FLAT'])
          .meta({ description: "The overall score's trend" }),
      }),
    ),
  })
  .strict();

export const KriIndicatorList = z
  .object({
    configVersion: z.string(),
    thresholds: z.array(
      z.object({ level: z.string(), score: z.number(), severity: z.enum(SEVERITIES) }),
    ),
    indicators: z.array(
      z.object({
        id: z.string(),
        category: z.enum(KRI_CATEGORIES),
        categoryWeight: z.number(),
        group: z.string(),
        groupWeight: z.number(),
        description: z.string(),
        source: z.enum(KRI_SOURCES),
        unit: z.string(),
        share: z.number(),
        band: z.object({ low: z.number(), high: z.number() }),
      }),
    ),
  })
  .strict();
