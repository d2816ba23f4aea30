// Schemas of the staff operations API.
import { SCREENS } from '../domain/screening';
import { MOVEMENT_TYPES } from '../domain/ledger';
import * as z from 'zod';
import { SWITCH_NAME } from '../../kernel';
import { MovementStatusOut, SettleOnOut, SettlementCycleOut } from './money';

export const SettlementsQuery = z
  .object({
    date: z.iso.date().optional().meta({ description: 'Settlement date (CST); today by default' }),
    status: z.enum(['INITIATED', 'PENDING', 'SETTLING', 'SETTLED', 'FAILED', 'RETRIED']).optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'Rows per page, 1 to 100 (50 by default)' }),
    cursor: z.string().max(512).optional().meta({ description: "The previous page's nextCursor" }),
  })
  .strict();

export const SettlementLog = z
  .object({
    date: z.string(),
    status: z.string().optional(),
    items: z.array(
      z.object({
        movementId: z.uuid(),
        type: z.enum(MOVEMENT_TYPES),
        amount: z.number().int(),
        currency: z.literal('CNY'),
        customer: z.string().optional().meta({ example: '张* 138****1234' }),
        counterparty: z.string().optional(),
        settlementCycle: SettlementCycleOut,
        settleOn: SettleOnOut,
        status: MovementStatusOut,
        screen: z.enum(SCREENS).optional().meta({
          description:
            'Risk screening (withdrawals, transfers, orders): CLEARED, HELD for a risk officer, RELEASED or REJECTED; none yet: not screened, waiting',
        }),
        history: z.array(
          z.object({
            status: MovementStatusOut,
            at: z.iso.datetime(),
            note: z.string().optional(),
          }),
        ),
        createdAt: z.iso.datetime(),
      }),
    ),
    nextCursor: z
      .string()
      .optional()
      .meta({ description: 'Send it as `cursor` for the next page; absent on the last page' }),
  })
  .meta({
    id: 'SettlementLog',
    description:
      'One page: one shard of the date at a time, so a page may hold fewer rows than asked while more follow',
  });

export const RetryParams = z.object({ movementId: z.uuid() }).strict();
export const RetryResponse = z
  .object({ movementId: z.uuid(), status: z.literal('RETRIED') })
  .meta({ id: 'SettlementRetry' });

export const ReconcileRequest = z
  .object({
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .max(86_400)
      .default(120)
      .meta({ description: 'Movements younger than this are in flight and not judged' }),
  })
  .strict()
  .meta({ id: 'ReconciliationRequest' });

export const ReconciliationReportSchema = z
  .object({
    runAt: z.string(),
    clean: z.boolean(),
    checked: z.record(z.string(), z.number().int()),
    breaks: z.array(
      z.object({
        kind: z.enum([
          'UNBALANCED',
          'MISSING',
          'DUPLICATED',
          'AMOUNT_MISMATCH',
          'NEGATIVE_BALANCE',
          'BALANCE_MISMATCH',
        ]),
        ref: z.string(),
        detail: z.string(),
      }),
    ),
  })
  .meta({ id: 'ReconciliationReport' });

// --- kill switches (ADR 0018) ---

export const SwitchParams = z
  .object({
    name: z.string().regex(SWITCH_NAME).meta({
      description:
        'settlement, registrations, sales (every product), sales.<productId> (one product), or rule.<ruleId> (one monitoring rule of the live rule set or a version in shadow)',
    }),
  })
  .strict();

export const SwitchRequest = z
  .object({
    off: z.boolean().meta({
      description:
        'true stops the business the switch guards (a rule switch: the rule stops running), false starts it again',
    }),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict()
  .meta({ id: 'SwitchRequest' });

const SwitchChange = z.object({
  name: z.string(),
  off: z.boolean(),
  reason: z.string(),
  by: z.string(),
  at: z.iso.datetime(),
});

export const SwitchOut = z
  .object({
    name: z.string(),
    off: z.boolean().meta({ description: 'true while the business it guards is stopped' }),
    changedBy: z.string().optional(),
    changedAt: z.iso.datetime().optional(),
    reason: z.string().optional(),
    history: z.array(SwitchChange),
    resumed: z.number().int().optional().meta({
      description: 'Settlements sent again as settlement was turned back on',
    }),
  })
  .meta({ id: 'Switch' });

export const SwitchList = z.object({ switches: z.array(SwitchOut) }).meta({ id: 'SwitchList' });
