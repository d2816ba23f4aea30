// Rule sets (M4.1-a): the monitoring rules as versioned data, validated at load. Each rule
// has an id, a description, its parameters, a score and an action; amounts are fen, windows
// minutes of the event's own time. The kinds below are the catalogue (docs/risk-monitoring.md
// gives each with an example); a rule set picks and parameterises them. A rule may be limited
// to some stages. Thresholds are per flow where the manual asks for it (registration, fund
// transfer, loan approval and repayment each have their own).
import * as z from 'zod';
import { FLOWS } from './risk-events';

/** Least to most severe; a decision takes the most severe action of its rules. */
export const ACTIONS = ['ALLOW', 'REVIEW', 'HOLD', 'BLOCK'] as const;
export type RiskAction = (typeof ACTIONS)[number];
export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const STAGES = ['local', 'dev', 'staging', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

export const moreSevere = (a: RiskAction, b: RiskAction): RiskAction =>
  ACTIONS.indexOf(a) >= ACTIONS.indexOf(b) ? a : b;

const Flow = z.enum(FLOWS);
const Flows = z.array(Flow).min(1);
const Fen = z.number().int().positive();
/** Up to 90 days: the longest window the counters keep. */
const Minutes = z
  .number()
  .int()
  .positive()
  .max(90 * 24 * 60);
const Count = z.number().int().min(1).max(10_000);
/**
 * A rule's window: up to three days, so a customer's counters are at most 13 six-hour
 * items, read with the rest of the event's state in one BatchGetItem
 * (docs/risk-monitoring.md).
 */
export const MAX_WINDOW_MINUTES = 3 * 24 * 60;
const Window = z.number().int().positive().max(MAX_WINDOW_MINUTES);

const common = {
  id: z.string().regex(/^[a-z][a-z0-9-]{2,62}$/, 'lower-case letters, digits and dashes'),
  description: z.string().min(10).max(500),
  /** Added to the event's score when the rule holds (the sum is capped at 100). */
  score: z.number().int().min(0).max(100),
  action: z.enum(ACTIONS),
  severity: z.enum(SEVERITIES),
  /** Stages where the rule runs; every stage when absent. */
  stages: z.array(z.enum(STAGES)).min(1).optional(),
  /** How long an open alert of this rule keeps absorbing the same customer's later hits. */
  groupMinutes: Minutes.default(24 * 60),
};

const Velocity = z
  .object({
    ...common,
    kind: z.literal('velocity'),
    flows: Flows,
    windowMinutes: Window,
    /** Holds when more movements than this fall in the window (this one included). */
    maxCount: Count.optional(),
    /** Holds when their sum exceeds this. */
    maxAmount: Fen.optional(),
  })
  .strict()
  .refine((r) => r.maxCount !== undefined || r.maxAmount !== undefined, {
    message: 'a velocity rule needs maxCount or maxAmount',
  });

const LargeAmount = z
  .object({
    ...common,
    kind: z.literal('largeAmount'),
    /** One amount per flow (M4.1-a: registration, transfer, loan approval, repayment differ). */
    thresholds: z.partialRecord(Flow, Fen),
  })
  .strict()
  .refine((r) => Object.keys(r.thresholds).length > 0, { message: 'at least one threshold' });

const Structuring = z
  .object({
    ...common,
    kind: z.literal('structuring'),
    flows: Flows,
    /** The reporting threshold the amounts keep under. */
    threshold: Fen,
    /** "Just under": within this percentage below the threshold. */
    belowPercent: z.number().int().min(1).max(50),
    minCount: z.number().int().min(2).max(1000),
    windowMinutes: Window,
  })
  .strict();

const ChangeBeforeLargeAmount = z
  .object({
    ...common,
    kind: z.literal('changeBeforeLargeAmount'),
    changes: z.array(z.enum(['NEW_DEVICE', 'PHONE', 'BANK_CARD'])).min(1),
    flows: Flows,
    withinMinutes: Window,
    minAmount: Fen,
  })
  .strict();

const DormantReactivated = z
  .object({
    ...common,
    kind: z.literal('dormantReactivated'),
    flows: Flows,
    dormantDays: z.number().int().min(1).max(3650),
    minAmount: Fen,
  })
  .strict();

const DistinctCounterparties = z
  .object({
    ...common,
    kind: z.literal('distinctCounterparties'),
    windowMinutes: Window,
    /** Holds when the customer paid more distinct counterparties than this in the window. */
    maxDistinct: Count,
  })
  .strict();

const RoundAmounts = z
  .object({
    ...common,
    kind: z.literal('roundAmounts'),
    flows: Flows,
    /** An amount is round when it is a multiple of this (fen: 100000 is 1,000 yuan). */
    unit: Fen,
    minCount: z.number().int().min(2).max(1000),
    windowMinutes: Window,
  })
  .strict();

const SharedIdentifier = z
  .object({
    ...common,
    kind: z.literal('sharedIdentifier'),
    identifier: z.enum(['device', 'bankCard']),
    /** Holds when more customers than this have used the same device or card. */
    maxCustomers: Count,
  })
  .strict();

const FailedLoginsThenSuccess = z
  .object({
    ...common,
    kind: z.literal('failedLoginsThenSuccess'),
    minFailures: z.number().int().min(1).max(1000),
    windowMinutes: Window,
  })
  .strict();

const NewlyRegisteredCounterparty = z
  .object({
    ...common,
    kind: z.literal('newlyRegisteredCounterparty'),
    /** The recipient's account is younger than this. */
    withinMinutes: Window,
    minAmount: Fen,
  })
  .strict();

export const Rule = z.discriminatedUnion('kind', [
  Velocity,
  LargeAmount,
  Structuring,
  ChangeBeforeLargeAmount,
  DormantReactivated,
  DistinctCounterparties,
  RoundAmounts,
  SharedIdentifier,
  FailedLoginsThenSuccess,
  NewlyRegisteredCounterparty,
]);
export type Rule = z.infer<typeof Rule>;
export type RuleKind = Rule['kind'];

export const RuleSet = z
  .object({
    version: z.number().int().min(1),
    description: z.string().min(1).max(1000),
    /** Weak signals add up: a total score at or above minScore takes at least this action. */
    escalation: z
      .array(z.object({ minScore: z.number().int().min(1).max(100), action: z.enum(ACTIONS) }))
      .default([]),
    rules: z.array(Rule).min(1).max(200),
  })
  .strict()
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.rules.forEach((r, i) => {
      if (seen.has(r.id))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate id ${r.id}` });
      seen.add(r.id);
    });
  });
export type RuleSet = z.infer<typeof RuleSet>;
export type RuleSetInput = z.input<typeof RuleSet>;

export class InvalidRuleSetError extends Error {
  override readonly name = 'InvalidRuleSetError';
  constructor(readonly issues: readonly { path: string; message: string }[]) {
    super(`invalid rule set: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}

/** Validates a rule set (configuration or a staff member's draft); throws with every issue. */
export function loadRuleSet(input: unknown): RuleSet {
  const result = RuleSet.safeParse(input);
  if (!result.success)
    throw new InvalidRuleSetError(
      result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  return result.data;
}

/** The rules of a set that run on a stage. */
export const rulesForStage = (set: RuleSet, stage: Stage): Rule[] =>
  set.rules.filter((r) => !r.stages || r.stages.includes(stage));

/** The longest window any rule looks back over, in minutes (how long counters are kept). */
export function horizonMinutes(set: RuleSet): number {
  let longest = 60;
  for (const r of set.rules) {
    const w = 'windowMinutes' in r ? r.windowMinutes : 'withinMinutes' in r ? r.withinMinutes : 0;
    longest = Math.max(longest, w);
  }
  return longest;
}
