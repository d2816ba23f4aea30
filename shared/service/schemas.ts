// Request and response schemas of the complaint routes (issue 14, M7.4-a, M7.2-a/b, M2.4-a).
import * as z from 'zod';
import { SLA_CLOCKS } from './domain/sla';
import { COMPLAINT_CATEGORIES, COMPLAINT_KINDS, COMPLAINT_STATUSES } from './domain/complaint';

const Id = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_#:.-]+$/);
const Text = (max: number, description: string) =>
  z.string().trim().min(1).max(max).meta({ description });
const Category = z.enum(COMPLAINT_CATEGORIES).meta({ description: 'What it is about' });
const Cause = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/)
  .meta({
    description: "The agents' cause code (lower case, digits, hyphens), e.g. late-settlement",
    example: 'late-settlement',
  });
const Day = z.iso.date().meta({ description: 'A China Standard Time date', example: '2026-11-29' });

export const ComplaintRelated = z
  .object({
    movementId: Id.optional().meta({ description: 'One of your movements' }),
    orderId: Id.optional().meta({ description: 'One of your orders' }),
    loanId: Id.optional().meta({ description: 'One of your loans' }),
    productId: Id.optional().meta({ description: 'A product of the catalogue' }),
  })
  .strict();

export const ComplaintRequest = z
  .object({
    kind: z.enum(COMPLAINT_KINDS).default('COMPLAINT').meta({
      description: 'COMPLAINT, or ENQUIRY (a question about a product or the account)',
    }),
    category: Category,
    description: Text(4000, 'What happened, in your words'),
    related: ComplaintRelated.optional(),
  })
  .strict();

export const ComplaintParams = z.object({ complaintId: Id }).strict();

/** The customer's answer: a reply to a request for information, or the rating once closed. */
export const ComplaintAnswer = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('REPLY'),
      message: Text(4000, 'Your answer to the service team’s question'),
    })
    .strict(),
  z
    .object({
      action: z.literal('RATE'),
      rating: z
        .number()
        .int()
        .min(1)
        .max(5)
        .meta({ description: 'How the complaint was handled, 1..5' }),
      nps: z
        .number()
        .int()
        .min(0)
        .max(10)
        .meta({ description: 'How likely you are to recommend us, 0..10' }),
    })
    .strict(),
]);

const Version = z.number().int().positive().optional().meta({
  description: 'The version the agent read; refused with CONCURRENT_CHANGE if it moved on',
});

export const ComplaintAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('ACCEPT'), expectedVersion: Version }).strict(),
  z
    .object({
      action: z.literal('CLASSIFY'),
      category: Category,
      cause: Cause,
      expectedVersion: Version,
    })
    .strict(),
  z
    .object({
      action: z.literal('ASSIGN'),
      assignee: z.string().trim().min(1).max(128).meta({ description: "The agent's username" }),
      expectedVersion: Version,
    })
    .strict(),
  z
    .object({
      action: z.enum(['RESPOND', 'REQUEST_INFO', 'RESOLVE']),
      message: Text(4000, 'What the customer reads'),
      expectedVersion: Version,
    })
    .strict(),
  z
    .object({
      action: z.literal('NOTE'),
      note: Text(4000, 'An internal note: customers never see it'),
      expectedVersion: Version,
    })
    .strict(),
  z.object({ action: z.literal('CLOSE'), expectedVersion: Version }).strict(),
]);

export const ComplaintQueueQuery = z
  .object({ assignee: z.string().trim().min(1).max(128).optional() })
  .strict();

export const ComplaintAnalyticsQuery = z
  .object({
    from: Day.meta({ description: 'First day filed (CST)' }),
    to: Day.meta({ description: 'Last day filed (CST), at most 92 days after `from`' }),
  })
  .strict();

const Clock = z.object({
  clock: z.enum(SLA_CLOCKS),
  budgetHours: z.number(),
  mode: z.enum(['CALENDAR', 'BUSINESS']),
  status: z.enum(['RUNNING', 'PAUSED', 'MET', 'BREACHED']),
  startedAt: z.iso.datetime(),
  stoppedAt: z.iso.datetime().optional(),
  elapsedMinutes: z.number().int(),
  pausedMinutes: z.number().int(),
  paused: z.boolean().meta({ description: 'Stopped now: waiting for the customer' }),
  share: z.number(),
  dueAt: z.iso.datetime().optional(),
  warning: z.boolean(),
});

const Rating = z.object({ rating: z.number().int(), nps: z.number().int(), at: z.iso.datetime() });

const TimelineEntry = z
  .object({
    type: z.string(),
    at: z.iso.datetime(),
    by: z.enum(['customer', 'service']),
  })
  .catchall(z.unknown());

const ComplaintSummary = z.object({
  complaintId: z.string(),
  kind: z.enum(COMPLAINT_KINDS),
  category: Category,
  description: z.string(),
  related: ComplaintRelated,
  status: z.enum(COMPLAINT_STATUSES),
  filedAt: z.iso.datetime(),
  firstResponseAt: z.iso.datetime().optional(),
  resolvedAt: z.iso.datetime().optional(),
  closedAt: z.iso.datetime().optional(),
  waitingForCustomer: z
    .boolean()
    .meta({ description: 'The service team asked you something: the SLA clocks wait for you' }),
  sla: z.array(Clock),
  rating: Rating.optional(),
  canRate: z.boolean(),
});

export const ComplaintOut = ComplaintSummary.extend({ timeline: z.array(TimelineEntry) });
export const ComplaintList = z.object({ items: z.array(ComplaintSummary) });

export const StaffComplaintOut = z
  .object({
    complaintId: z.string(),
    customerId: z.string(),
    kind: z.enum(COMPLAINT_KINDS),
    category: Category,
    cause: z.string().optional(),
    status: z.enum(COMPLAINT_STATUSES),
    assignee: z.string().optional(),
    handledBy: z.string().optional(),
    version: z.number().int(),
    sla: z.array(Clock),
    nextDueAt: z.iso.datetime().optional(),
    waitingForCustomer: z.boolean(),
    history: z
      .array(
        z.object({ type: z.string(), at: z.iso.datetime(), by: z.string() }).catchall(z.unknown()),
      )
      .meta({ description: 'Every event, internal notes and SLA warnings and breaches included' }),
  })
  .catchall(z.unknown());

export const ComplaintQueue = z.object({
  asOf: z.iso.datetime(),
  items: z.array(
    z
      .object({
        complaintId: z.string(),
        status: z.enum(COMPLAINT_STATUSES),
        breached: z.array(z.enum(SLA_CLOCKS)),
        warning: z.boolean(),
        nextDueAt: z.iso.datetime().optional(),
        sla: z.array(Clock),
      })
      .catchall(z.unknown()),
  ),
});

export const ComplaintAnalyticsOut = z
  .object({
    from: z.string(),
    to: z.string(),
    complaints: z.number().int(),
    sla: z.object({}).catchall(z.unknown()),
    satisfaction: z.object({}).catchall(z.unknown()),
    causes: z.object({}).catchall(z.unknown()),
  })
  .catchall(z.unknown());
