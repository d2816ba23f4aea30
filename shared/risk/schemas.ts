// Request and response schemas of the risk team's alert routes (M4.1-a).
import * as z from 'zod';
import { DISPOSITIONS } from './domain/alerts';
import { ACTIONS, RuleSet, SEVERITIES } from './domain/rules';
import { RULE_SET_ACTIONS, RULE_SET_STATUSES } from './domain/rule-set-lifecycle';
import { CASE_KEY_KINDS, CASE_STATUSES, CASE_STEPS } from './domain/cases';
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES } from './domain/incidents';

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
    customer: z.string().meta({ description: 'Masked name and phone', example: '张* 138****1234' }),
    ruleSetVersion: z.number().int(),
    contributions: z
      .array(z.object({ ruleId: z.string(), score: z.number().int(), reason: z.string() }))
      .meta({ description: "Each rule's share of the score of the event that opened the alert" }),
    reasons: z.array(z.string()).meta({ description: 'The reason of every event grouped in' }),
    eventIds: z.array(z.string()),
    counterparties: z
      .array(z.string())
      .optional()
      .meta({ description: 'Counterparties of its events (a case can group by them)' }),
    devices: z
      .array(z.string())
      .optional()
      .meta({ description: 'Devices of its events, as keyed hashes (a case can group by them)' }),
    count: z.number().int().meta({ description: 'Events grouped into the alert' }),
    firstAt: z.iso.datetime(),
    lastAt: z.iso.datetime(),
    openedAt: z.iso.datetime(),
    version: z.number().int().meta({ description: 'Send it with an action on the alert' }),
    assignee: z.string().optional(),
    disposition: z.enum(DISPOSITIONS).optional(),
    history: z
      .array(
        z.object({
          at: z.iso.datetime(),
          by: z.string(),
          action: z.enum(['OPENED', 'ASSIGNED', 'COMMENTED', 'ESCALATED', 'CLOSED']),
          assignee: z.string().optional(),
          note: z.string().optional(),
          disposition: z.enum(DISPOSITIONS).optional(),
          caseId: z.string().optional().meta({ description: 'The case it was escalated to' }),
        }),
      )
      .meta({ description: 'Every step of the handling, with who and when' }),
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

const Staff = z.string().regex(/^[A-Za-z0-9._@-]{1,128}$/);
const Text = z.string().trim().min(1).max(2000);
const CaseId = z
  .string()
  .regex(/^K\d{8}T\d{9}Z-[0-9a-f]{8,32}$/)
  .meta({ description: 'A case id', example: 'K20261129T020000123Z-0123456789abcdef' });

export const AlertAction = z.discriminatedUnion('action', [
  z
    .object({ action: z.literal('ASSIGN'), version: z.number().int().min(1), assignee: Staff })
    .strict(),
  z.object({ action: z.literal('COMMENT'), version: z.number().int().min(1), note: Text }).strict(),
  z
    .object({
      action: z.literal('ESCALATE'),
      version: z.number().int().min(1),
      caseId: CaseId.optional().meta({
        description:
          "An open case to add the alert to; without it, a new case of the alert's customer",
      }),
      reason: Text,
    })
    .strict(),
  z
    .object({
      action: z.literal('CLOSE'),
      version: z.number().int().min(1),
      disposition: z.enum(DISPOSITIONS).meta({
        description:
          'CONFIRMED_RISK, VALUABLE_ALERT (worth looking at, no harm found) or FALSE_POSITIVE',
      }),
      reason: Text,
    })
    .strict(),
]);
export type AlertAction = z.infer<typeof AlertAction>;

export const PrecisionQuery = AlertsQuery.pick({ from: true, to: true });

export const PrecisionReport = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    rules: z.array(
      z
        .object({
          ruleId: z.string(),
          open: z.number().int(),
          closed: z.number().int(),
          confirmedRisk: z.number().int(),
          valuable: z.number().int(),
          falsePositive: z.number().int(),
          precision: z.number().optional().meta({ description: '(confirmed + valuable) / closed' }),
          falsePositiveRate: z.number().optional(),
        })
        .strict(),
    ),
  })
  .strict();

export const RuleParams = z.object({ ruleId: z.string().regex(/^[a-z][a-z0-9-]{2,62}$/) }).strict();

export const SnoozeRequest = z
  .object({
    customerId: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .meta({ description: "Silence the rule for this customer's own events" }),
    counterpartyId: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .meta({ description: 'Or: silence it for movements to this customer, from anyone' }),
    minutes: z
      .number()
      .int()
      .min(1)
      .max(30 * 24 * 60)
      .meta({ description: 'How long, 1 minute to 30 days' }),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict()
  .superRefine((s, ctx) => {
    if ((s.customerId === undefined) === (s.counterpartyId === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['customerId'],
        message: 'give exactly one of customerId and counterpartyId',
      });
  });

export const SnoozeResponse = z
  .object({
    ruleId: z.string(),
    customerId: z.string().optional(),
    counterpartyId: z.string().optional(),
    until: z.number().int().meta({ description: 'Epoch milliseconds' }),
    reason: z.string(),
    by: z.string(),
    at: z.iso.datetime(),
  })
  .strict();

export const HoldParams = z.object({ movementId: z.uuid() }).strict();

export const HoldDecision = z
  .object({
    decision: z.enum(['RELEASE', 'REJECT']).meta({
      description: 'RELEASE: the movement settles. REJECT: it fails and its money goes back',
    }),
    reason: Text,
  })
  .strict();
export type HoldDecision = z.infer<typeof HoldDecision>;

export const HoldOut = z
  .object({
    movementId: z.uuid(),
    customerId: z.string(),
    customer: z.string().meta({ description: 'Masked name and phone', example: '张* 138****1234' }),
    movementType: z.enum(['WITHDRAWAL', 'TRANSFER', 'SUBSCRIPTION']),
    amount: z.number().int().meta({ description: 'Fen' }),
    currency: z.literal('CNY'),
    counterpartyId: z.string().optional(),
    eventAt: z.iso.datetime().meta({ description: 'When the movement was made' }),
    heldAt: z.iso.datetime(),
    score: z.number().int(),
    ruleSetVersion: z.number().int(),
    rules: z
      .array(z.object({ ruleId: z.string(), reason: z.string() }))
      .meta({ description: 'The rules that contributed, with their reasons' }),
    alertIds: z.array(z.string()),
    resolution: z
      .object({
        outcome: z.enum(['RELEASED', 'REJECTED']),
        by: z.string(),
        at: z.iso.datetime(),
        reason: z.string(),
      })
      .optional(),
  })
  .strict();

export const HoldList = z.object({ items: z.array(HoldOut) }).strict();

export const CustomerParams = z.object({ customerId: z.uuid() }).strict();

const FlowLimitsIO = z
  .object({
    single: z.number().int().positive().meta({ description: 'Fen, one movement at most' }),
    daily: z.number().int().positive().meta({ description: 'Fen, a CST day at most' }),
  })
  .strict();

export const LimitsRequest = z
  .object({
    transfer: FlowLimitsIO.optional(),
    withdrawal: FlowLimitsIO.optional(),
    order: FlowLimitsIO.optional(),
    reason: Text,
  })
  .strict()
  .superRefine((v, ctx) => {
    for (const flow of ['transfer', 'withdrawal', 'order'] as const) {
      const l = v[flow];
      if (l && l.single > l.daily)
        ctx.addIssue({
          code: 'custom',
          path: [flow, 'single'],
          message: 'must not exceed the daily limit',
        });
    }
  });

const InForce = FlowLimitsIO.extend({
  source: z.string().meta({ description: 'tier FULL, risk level Cn, or customer' }),
});
const LimitsRecordOut = z
  .object({
    limits: z
      .object({
        transfer: FlowLimitsIO.optional(),
        withdrawal: FlowLimitsIO.optional(),
        order: FlowLimitsIO.optional(),
      })
      .strict(),
    by: z.string(),
    at: z.iso.datetime(),
    reason: z.string(),
  })
  .strict();

export const LimitsOut = z
  .object({
    customerId: z.string(),
    inForce: z.object({ transfer: InForce, withdrawal: InForce, order: InForce }).strict(),
    counterpartyDailyIn: z
      .number()
      .int()
      .meta({ description: 'Fen: what one customer may receive by transfer in a day' }),
    productDailyByLevel: z.record(z.string(), z.number().int()).meta({
      description:
        "Fen, by product rating (R1..R5): what one customer may put into one product in a day (a product's terms may set less)",
    }),
    own: LimitsRecordOut.optional(),
    history: z.array(LimitsRecordOut).meta({ description: 'Every change, with who, when and why' }),
  })
  .strict();

export const RuleSetParams = z
  .object({ version: z.coerce.number().int().min(1).max(999_999) })
  .strict();

const RuleSetStatus = z.enum(RULE_SET_STATUSES).meta({
  description:
    'DRAFT: stored; PROPOSED: waiting for a second officer; LIVE: scoring runs it; RETIRED: replaced; REJECTED',
});

export const RuleSetOut = z
  .object({
    ruleSet: RuleSet,
    status: RuleSetStatus,
    shadow: z.boolean().meta({ description: 'Whether it runs in shadow on live traffic' }),
    by: z.string().meta({ description: 'Who added it' }),
    at: z.iso.datetime(),
    history: z
      .array(
        z
          .object({
            at: z.iso.datetime(),
            by: z.string(),
            action: z.enum(['ADDED', ...RULE_SET_ACTIONS, 'RETIRED']),
            reason: z.string().optional(),
          })
          .strict(),
      )
      .meta({ description: 'Every step with who, when and why' }),
  })
  .strict();

export const RuleSetActionRequest = z
  .object({
    action: z.enum(RULE_SET_ACTIONS).meta({
      description:
        'PROPOSE a draft for publication; APPROVE or REJECT a proposed version (a second officer, neither its author nor its proposer); SHADOW or UNSHADOW: run it beside the live version on live traffic, or stop',
    }),
    reason: Text,
  })
  .strict();

export const ShadowQuery = z
  .object({
    from: z.iso.date().optional().meta({ description: 'First day (UTC); `to` by default' }),
    to: z.iso.date().optional().meta({ description: 'Last day (UTC); today by default' }),
  })
  .strict();

export const RuleSetList = z
  .object({
    live: z.object({ version: z.number().int(), description: z.string() }).strict(),
    shadows: z.array(z.number().int()).meta({ description: 'The versions running in shadow' }),
    items: z.array(
      z
        .object({
          version: z.number().int(),
          description: z.string(),
          status: RuleSetStatus,
          shadow: z.boolean(),
          rules: z.number().int(),
          by: z.string(),
          at: z.iso.datetime(),
        })
        .strict(),
    ),
  })
  .strict();

export const ReplayRequest = z
  .object({
    from: z.iso.date().meta({ description: 'First day (UTC) of stored history to replay' }),
    to: z.iso.date().meta({ description: 'Last day, at most 7 days after `from`' }),
  })
  .strict();

const Digest = z
  .object({ action: z.enum(ACTIONS), score: z.number().int(), rules: z.array(z.string()) })
  .strict();
const Outcome = z
  .object({
    version: z.number().int(),
    alertsByRule: z
      .record(z.string(), z.number().int())
      .meta({ description: 'Alerts it would open: one per customer and rule' }),
    holds: z.number().int(),
    blocks: z.number().int(),
  })
  .strict();

export const ReplayReportOut = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    events: z.number().int().meta({ description: 'Stored events replayed in the range' }),
    live: Outcome,
    candidate: Outcome,
    differ: z.number().int().meta({ description: 'Events whose action or rules differ' }),
    differences: z
      .array(
        z
          .object({
            eventId: z.string(),
            customerId: z.string(),
            at: z.iso.datetime(),
            live: Digest,
            candidate: Digest,
          })
          .strict(),
      )
      .meta({ description: 'The first 100 differing decisions' }),
    precision: PrecisionReport.shape.rules.meta({
      description: "Each rule's precision from the dispositions given in the range",
    }),
  })
  .strict();

// Cases (M4.1-a; docs/risk-monitoring.md, "Cases").
export const CaseKeyIn = z
  .object({
    kind: z.enum(CASE_KEY_KINDS).meta({
      description:
        "CUSTOMER: the customer's alerts and holds; COUNTERPARTY: those of movements to it; DEVICE: alerts of events from it",
    }),
    ref: z
      .string()
      .min(1)
      .max(128)
      .meta({ description: "A customer id, or a device's keyed hash (an alert's `devices`)" }),
  })
  .strict();

export const OpenCaseRequest = z
  .object({
    key: CaseKeyIn,
    from: z.iso.date().meta({ description: 'First day (UTC) of the alerts and holds to group' }),
    to: z.iso.date().meta({ description: 'Last day, at most 31 days after `from`' }),
    reason: Text,
  })
  .strict();

export const CaseParams = z.object({ caseId: CaseId }).strict();

export const CasesQuery = z
  .object({
    from: z.iso
      .date()
      .optional()
      .meta({ description: 'First day (UTC) cases were opened; 29 days before `to` by default' }),
    to: z.iso.date().optional().meta({ description: 'Last day (UTC); today by default' }),
    status: z.enum(CASE_STATUSES).optional(),
  })
  .strict();

const Version = z.number().int().min(1).meta({ description: 'The case version read' });
const Ids = (what: string) =>
  z.array(z.string().min(1).max(64)).max(80).meta({ description: what });
export const CaseActionRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('COMMENT'), version: Version, note: Text }).strict(),
  z.object({ action: z.literal('ASSIGN'), version: Version, assignee: Staff }).strict(),
  z
    .object({
      action: z.literal('SPLIT'),
      version: Version,
      alertIds: Ids('Alerts to move to a new case').optional(),
      holdIds: Ids('Held movements to move to a new case').optional(),
      reason: Text,
    })
    .strict(),
  z
    .object({
      action: z.literal('MERGE'),
      version: Version,
      caseId: CaseId.meta({ description: 'The open case whose members move into this one' }),
      reason: Text,
    })
    .strict(),
  z
    .object({
      action: z.literal('CLOSE'),
      version: Version,
      disposition: z.enum(DISPOSITIONS),
      reason: Text,
    })
    .strict(),
]);

const CaseStepOut = z
  .object({
    at: z.iso.datetime(),
    by: z.string(),
    action: z.enum([...CASE_STEPS, 'ALERT_OPENED', 'HOLD_PLACED']),
    note: z.string().optional(),
    assignee: z.string().optional(),
    disposition: z.enum(DISPOSITIONS).optional(),
    caseId: z.string().optional().meta({ description: 'The other case of a split or merge' }),
    alertIds: z.array(z.string()).optional(),
    holdIds: z.array(z.string()).optional(),
  })
  .strict();

const CaseFields = {
  caseId: z.string(),
  key: CaseKeyIn,
  from: z.iso.date(),
  to: z.iso.date(),
  status: z.enum(CASE_STATUSES),
  alertIds: z.array(z.string()),
  holdIds: z.array(z.string()).meta({ description: 'Held movements, by movement id' }),
  openedAt: z.iso.datetime(),
  openedBy: z.string(),
  version: z.number().int().meta({ description: 'Send it with an action on the case' }),
  assignee: z.string().optional(),
  disposition: z.enum(DISPOSITIONS).optional(),
  mergedInto: z.string().optional(),
  timeline: z.array(CaseStepOut),
};

export const CaseSummaryOut = z.object(CaseFields).strict();

export const CaseOut = z
  .object({
    ...CaseFields,
    customers: z
      .array(z.object({ customerId: z.string(), customer: z.string() }).strict())
      .meta({ description: 'The customers of its members, masked' }),
    alerts: z.array(
      z
        .object({
          alertId: z.string(),
          ruleId: z.string(),
          severity: z.enum(SEVERITIES),
          status: z.enum(['OPEN', 'CLOSED']),
          customerId: z.string(),
          count: z.number().int(),
          firstAt: z.iso.datetime(),
          lastAt: z.iso.datetime(),
        })
        .strict(),
    ),
    holds: z.array(
      z
        .object({
          movementId: z.string(),
          customerId: z.string(),
          movementType: z.string(),
          amount: z.number().int(),
          currency: z.literal('CNY'),
          counterpartyId: z.string().optional(),
          eventAt: z.iso.datetime(),
          heldAt: z.iso.datetime(),
          open: z.boolean().meta({ description: 'Still waiting for a decision' }),
        })
        .strict(),
    ),
  })
  .strict()
  .meta({
    description:
      'A case with its members and one timeline: staff steps, and alerts opened and movements held, oldest first',
  });

export const CaseList = z
  .object({ from: z.iso.date(), to: z.iso.date(), items: z.array(CaseSummaryOut) })
  .strict();

// --- incidents (ADR 0019) ---

const severity = z.enum(INCIDENT_SEVERITIES);
const incidentNote = z.string().trim().min(1).max(2000);

export const IncidentParams = z
  .object({ incidentId: z.string().regex(/^INC-\d{8}-[0-9a-f]{8}$/) })
  .strict();

export const IncidentsQuery = z
  .object({
    status: z.enum(INCIDENT_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();

export const IncidentOpenRequest = z
  .object({
    title: z.string().trim().min(1).max(200),
    severity,
    runbook: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .optional(),
    note: incidentNote.optional(),
  })
  .strict()
  .meta({ id: 'IncidentOpenRequest' });

const version = z.number().int().min(1).meta({ description: 'The version read' });
const dueDate = z.iso.date();

export const IncidentActionRequest = z
  .discriminatedUnion('action', [
    z.object({ action: z.literal('ACKNOWLEDGE'), version, note: incidentNote.optional() }).strict(),
    z.object({ action: z.literal('MITIGATE'), version, note: incidentNote }).strict(),
    z.object({ action: z.literal('RESOLVE'), version, note: incidentNote }).strict(),
    z.object({ action: z.literal('COMMENT'), version, note: incidentNote }).strict(),
    z.object({ action: z.literal('SET_SEVERITY'), version, severity, note: incidentNote }).strict(),
    z
      .object({
        action: z.literal('ADD_CUSTOMERS'),
        version,
        customerIds: z.array(z.uuid()).min(1).max(1000),
      })
      .strict(),
    z
      .object({
        action: z.literal('CLOSE'),
        version,
        postMortem: z
          .object({
            cause: incidentNote,
            impact: incidentNote,
            actions: z
              .array(
                z
                  .object({
                    action: incidentNote,
                    owner: z.string().trim().min(1).max(200),
                    due: dueDate,
                  })
                  .strict(),
              )
              .min(1)
              .max(50),
          })
          .strict(),
      })
      .strict(),
  ])
  .meta({ id: 'IncidentActionRequest' });

const targetCheck = z.object({
  minutes: z.number().int().nullable(),
  targetMinutes: z.number().int(),
  met: z.boolean().nullable(),
});

export const IncidentOut = z
  .object({
    incidentId: z.string(),
    title: z.string(),
    severity,
    status: z.enum(INCIDENT_STATUSES),
    openedAt: z.iso.datetime(),
    openedBy: z.string(),
    alarm: z.object({ name: z.string(), reason: z.string() }).optional(),
    runbook: z.string().optional(),
    affectedCustomers: z.array(z.string()),
    acknowledgedAt: z.iso.datetime().optional(),
    mitigatedAt: z.iso.datetime().optional(),
    resolvedAt: z.iso.datetime().optional(),
    closedAt: z.iso.datetime().optional(),
    postMortem: z
      .object({
        cause: z.string(),
        impact: z.string(),
        actions: z.array(z.object({ action: z.string(), owner: z.string(), due: z.string() })),
      })
      .optional(),
    timeline: z.array(
      z.object({ at: z.string(), by: z.string(), kind: z.string(), note: z.string().optional() }),
    ),
    version: z.number().int(),
    targets: z.object({ acknowledge: targetCheck, resolve: targetCheck }).meta({
      description:
        "Time to acknowledge and to resolve against the severity's targets (docs/incidents.md)",
    }),
  })
  .meta({ id: 'Incident' });

export const IncidentList = z
  .object({
    items: z.array(
      z.object({
        incidentId: z.string(),
        title: z.string(),
        severity: z.string(),
        status: z.string(),
        openedAt: z.string(),
        alarm: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'IncidentList' });
