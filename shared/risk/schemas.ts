// Request and response schemas of the risk team's alert routes (M4.1-a).
import * as z from 'zod';
import { SEVERITIES } from './domain/rules';

export const AlertsQuery = z
  .object({
    from: z.iso
      .date()
      .optional()
      .meta({ description: 'First day (UTC); six days before `to` by default' }),
    to: z.iso.date().optional().meta({ description: 'Last day (UTC); today by default' }),
    status: z.enum(['OPEN', 'CLOSED']).optional(),
    severity: z.enum(SEVERITIES).optional(),
    ruleId: z
      .string()
      .regex(/^[a-z][a-z0-9-]{2,62}$/)
      .optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(20)
      .meta({ description: 'Alerts per page, 1 to 100 (20 by default)' }),
    cursor: z.string().max(512).optional().meta({ description: "The previous page's nextCursor" }),
  })
  .strict();
export type AlertsQuery = z.infer<typeof AlertsQuery>;

export const AlertParams = z.object({ alertId: z.string().min(1).max(64) }).strict();

export const AlertOut = z
  .object({
    alertId: z.string(),
    ruleId: z.string(),
    severity: z.enum(SEVERITIES),
    status: z.enum(['OPEN', 'CLOSED']),
    customerId: z.string(),
    ruleSetVersion: z.number().int(),
    contributions: z
      .array(z.object({ ruleId: z.string(), score: z.number().int(), reason: z.string() }))
      .meta({ description: "Each rule's share of the score of the event that opened the alert" }),
    reasons: z.array(z.string()).meta({ description: 'The reason of every event grouped in' }),
    eventIds: z.array(z.string()),
    count: z.number().int().meta({ description: 'Events grouped into the alert' }),
    firstAt: z.iso.datetime(),
    lastAt: z.iso.datetime(),
    openedAt: z.iso.datetime(),
  })
  .strict();

export const AlertList = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    items: z.array(AlertOut),
    nextCursor: z.string().optional(),
  })
  .strict();
