// Request and response schemas of the regulatory report routes and the data-access report
// (issue 14, M1-c, M7.1-a, M2.5-c).
import * as z from 'zod';
import { SUBMISSION_STATUSES } from './domain/reports';
import { FLAG_RULES } from './domain/data-audit';

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
      new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    {
      message: 'is not a calendar date',
    },
  )
  .meta({ description: 'A CST calendar date', example: '2026-11-28' });
const ReportId = z
  .string()
  .regex(/^(LV-\d{4}-\d{2}-\d{2}|STR-\d{4}-\d{2}-\d{2}-K[0-9A-Za-z-]{10,60})$/)
  .meta({
    description: 'LV-<day> (large-value) or STR-<filing day>-<case id>',
    example: 'LV-2026-11-28',
  });
const Kind = z.enum(['LARGE_VALUE', 'SUSPICIOUS']);

export const ReportListQuery = z
  .object({
    kind: Kind.default('LARGE_VALUE'),
    from: Day.optional().meta({ description: 'First day (30 days before `to` by default)' }),
    to: Day.optional().meta({ description: 'Last day (today, CST, by default)' }),
  })
  .strict();

export const ReportParams = z.object({ reportId: ReportId }).strict();

export const ReportFileQuery = z
  .object({
    format: z.enum(['json', 'csv']).default('json'),
    revision: z.coerce
      .number()
      .int()
      .min(1)
      .max(9999)
      .optional()
      .meta({ description: 'A revision (the latest by default)' }),
  })
  .strict();

export const ReportRunRequest = z
  .object({
    day: Day.meta({
      description:
        "The day whose large-value report to build (the daily job builds yesterday's); a day still under way gives a provisional revision",
    }),
  })
  .strict();

export const SubmissionRequest = z
  .object({
    revision: z.number().int().min(1).max(9999).optional().meta({
      description: 'The revision submitted (the latest by default)',
    }),
    status: z.enum(SUBMISSION_STATUSES).meta({
      description: 'SUBMITTED when sent; ACCEPTED or REJECTED when the regulator answers',
    }),
    reference: z.string().trim().min(1).max(120).meta({
      description: "The submission's or the regulator's reference",
    }),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();

export const StrRequest = z
  .object({
    caseId: z
      .string()
      .regex(/^K\d{8}T\d{9}Z-[0-9a-f]{8,32}$/)
      .meta({
        description: 'The monitoring case to file (its alerts and held movements go in)',
      }),
    grounds: z.string().trim().min(10).max(4000).meta({
      description: "The compliance officer's grounds for suspicion",
    }),
    typology: z
      .string()
      .trim()
      .regex(/^[0-9A-Z_-]{2,16}$/)
      .meta({ description: 'The suspicious-transaction typology code chosen', example: '1801' }),
  })
  .strict();

const Submission = z.object({
  revision: z.number().int(),
  status: z.enum(SUBMISSION_STATUSES),
  reference: z.string(),
  note: z.string().optional(),
  by: z.string(),
  at: z.iso.datetime(),
});

const ReportSummary = z.object({
  reportId: z.string(),
  kind: Kind,
  reportDate: z.string(),
  dueBy: z.string().meta({ description: 'The last working day to submit it' }),
  revision: z.number().int(),
  rowCount: z.number().int(),
  totalMinor: z.number().int().meta({ description: 'Sum of the amounts reported, fen' }),
  jsonSha256: z.string(),
  csvSha256: z.string(),
  status: z.enum(['READY', ...SUBMISSION_STATUSES]),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number().int(),
  caseId: z.string().optional(),
  alertIds: z.array(z.string()).optional(),
});

export const ReportOut = ReportSummary.extend({ submissions: z.array(Submission) });
export const ReportList = z.object({
  kind: Kind,
  from: z.string(),
  to: z.string(),
  items: z.array(ReportSummary),
});

export const ReportFileOut = z.object({
  reportId: z.string(),
  revision: z.number().int(),
  format: z.enum(['json', 'csv']),
  mediaType: z.string(),
  sha256: z.string().meta({ description: 'SHA-256 of `content`, checked again on every read' }),
  builtAt: z.iso.datetime(),
  note: z.string().optional(),
  content: z.string().meta({ description: 'The file: canonical JSON, or CSV (RFC 4180, CRLF)' }),
});

export const DataAccessParams = z.object({ day: Day }).strict();

export const DataAccessOut = z.object({
  day: z.string(),
  records: z.number().int(),
  computedAt: z.iso.datetime(),
  actors: z.array(
    z.object({
      actor: z.string(),
      kind: z.enum(['STAFF', 'FUNCTION']),
      reads: z.number().int(),
      customerCount: z.number().int(),
      customers: z.array(
        z.object({
          customerRef: z.string(),
          fields: z.array(z.string()),
          times: z.array(z.string()),
        }),
      ),
      fieldCounts: z.record(z.string(), z.number()),
      offHoursReads: z.number().int(),
    }),
  ),
  flags: z.array(
    z.object({
      flagId: z.string(),
      rule: z.enum(FLAG_RULES),
      actor: z.string(),
      kind: z.enum(['STAFF', 'FUNCTION']),
      severity: z.enum(['MEDIUM', 'HIGH']),
      figure: z.number(),
      threshold: z.number(),
      reason: z.string(),
    }),
  ),
  alerts: z.array(
    z.object({
      flagId: z.string(),
      alertId: z.string(),
      ruleId: z.string(),
      severity: z.enum(['MEDIUM', 'HIGH']),
      reason: z.string(),
      raisedAt: z.iso.datetime(),
    }),
  ),
});
