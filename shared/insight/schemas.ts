// Request and response schemas of the insight routes (the KPIs; issue 14, M8.3-a).
import * as z from 'zod';
import { isVisibleText, VISIBLE_TEXT_RULE } from '../kernel';
import { KPI_FLOWS, KPI_MAX_DAYS } from './domain/kpis';
import { RETENTION_KINDS, RETENTION_OUTCOMES } from './domain/retention';

const Day = z.iso.date().meta({ description: 'A calendar day in China Standard Time' });
const daysFrom = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

export const KpiQuery = z
  .object({
    from: Day.optional().meta({ description: 'First day (29 days before `to` by default)' }),
    to: Day.optional().meta({ description: 'Last day, included (today by default)' }),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (!q.from || !q.to) return;
    if (q.from > q.to)
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after `to`' });
    else if (daysFrom(q.from, q.to) > KPI_MAX_DAYS)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `at most ${KPI_MAX_DAYS} days from \`from\``,
      });
  });

const Kpi = z.object({
  id: z.string(),
  title: z.string(),
  flow: z.enum(KPI_FLOWS),
  owner: z.string().meta({ description: "The process's owner (M8.1-a)" }),
  unit: z.enum(['percent', 'minutes', 'seconds', 'workingDays', 'score', 'count']),
  formula: z.string(),
  better: z.enum(['higher', 'lower']),
  target: z.object({ value: z.number(), source: z.string() }).optional(),
  value: z.number().nullable().meta({ description: 'null where nothing was measured' }),
  basis: z.number().int().meta({ description: 'How many records the figure stands on' }),
  numerator: z.number().int().optional(),
  denominator: z.number().int().optional(),
  met: z.boolean().nullable().meta({ description: 'Against the target; null without one' }),
});

export const KpiReportOut = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  asOf: z.iso.datetime().meta({ description: 'The facts were read up to this instant' }),
  kpis: z.array(Kpi),
});

export const RetentionActionRequest = z
  .object({
    kind: z.enum(RETENTION_KINDS),
    outcome: z.enum(RETENTION_OUTCOMES).default('PENDING'),
    note: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .refine(isVisibleText, VISIBLE_TEXT_RULE)
      .meta({ description: 'What was done and said (no card or ID numbers)' }),
  })
  .strict();

export const RetentionActionParams = z.object({ customerId: z.string().min(1).max(100) }).strict();

export const RetentionActionOut = z.object({
  actionId: z.uuid(),
  customerId: z.string(),
  kind: z.enum(RETENTION_KINDS),
  outcome: z.enum(RETENTION_OUTCOMES),
  note: z.string(),
  by: z.string(),
  at: z.iso.datetime(),
});

export const RetentionActionList = z.object({ items: z.array(RetentionActionOut) });
