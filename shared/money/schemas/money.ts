// Request and response schemas of the money API. Amounts are integer fen with a currency.
import { MOVEMENT_TYPES } from '../domain/ledger';
import { checkPhone, isVisibleText, MAX_AMOUNT_FEN, VISIBLE_TEXT_RULE } from '../../kernel';
import * as z from 'zod';

export const MoneyIn = z
  .object({
    amount: z
      .number({ error: 'must be an integer number of fen' })
      .int('must be an integer number of fen (no decimals)')
      .positive('must be positive')
      .max(MAX_AMOUNT_FEN, `must be at most ${MAX_AMOUNT_FEN} fen`)
      .meta({ example: 12345, description: 'Integer minor units (fen)' }),
    currency: z.literal('CNY', { error: 'must be CNY' }),
  })
  .strict();

export const DepositRequest = MoneyIn.meta({ id: 'DepositRequest' });
export const WithdrawalRequest = MoneyIn.meta({ id: 'WithdrawalRequest' });

const memo = z
  .string()
  .max(140)
  .refine(isVisibleText, VISIBLE_TEXT_RULE)
  .meta({ description: `Free text that ${VISIBLE_TEXT_RULE}` });

export const TransferRequest = z
  .object({
    toPhone: z
      .string()
      .superRefine((v, ctx) => {
        const reason = checkPhone(v);
        if (reason) ctx.addIssue({ code: 'custom', message: reason });
      })
      .optional(),
    toCustomerId: z.uuid().optional(),
    amount: MoneyIn.shape.amount,
    currency: MoneyIn.shape.currency,
    memo: memo.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.toPhone === undefined) === (v.toCustomerId === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['toPhone'],
        message: 'give exactly one of toPhone and toCustomerId',
      });
    }
  })
  .meta({
    id: 'TransferRequest',
    description: 'The recipient by exactly one of toPhone and toCustomerId',
    oneOf: [{ required: ['toPhone'] }, { required: ['toCustomerId'] }],
  });

/** A movement's status, as every answer and the settlement log show it. */
export const MovementStatusOut = z.enum([
  'INITIATED',
  'PENDING',
  'SETTLING',
  'SETTLED',
  'FAILED',
  'RETRIED',
]);
/** A settlement cycle, as every answer shows it. */
export const SettlementCycleOut = z.enum(['T+0', 'T+1', 'T+2']);
/** A settlement date (Beijing time). */
export const SettleOnOut = z.iso.date().meta({ example: '2026-11-30' });

/** What every movement answer carries (deposits, withdrawals, transfers, orders, redemptions). */
export const MovementFields = {
  status: MovementStatusOut,
  amount: z.number().int(),
  currency: z.literal('CNY'),
  settlementCycle: SettlementCycleOut,
  settleOn: SettleOnOut,
  createdAt: z.iso.datetime(),
};

const movement = (idField: string) => z.object({ [idField]: z.uuid(), ...MovementFields });

export const TransferResponse = movement('transferId').meta({ id: 'Transfer' });
export const TransferParams = z.object({ transferId: z.uuid() }).strict();
export const DepositParams = z.object({ depositId: z.uuid() }).strict();
export const WithdrawalParams = z.object({ withdrawalId: z.uuid() }).strict();
export const DepositResponse = movement('depositId').meta({ id: 'Deposit' });
export const WithdrawalResponse = movement('withdrawalId').meta({ id: 'Withdrawal' });

export const AccountResponse = z
  .object({
    balance: z.number().int(),
    available: z.number().int(),
    held: z.number().int(),
    currency: z.literal('CNY'),
  })
  .meta({ id: 'Account' });

/** A page of a list: the cursor the last page gave, and how many (1 to 100, 20 by default). */
export const PageQuery = z
  .object({
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export const EntriesQuery = PageQuery;

export const EntriesResponse = z
  .object({
    items: z.array(
      z.object({
        journalId: z.string(),
        movementId: z.uuid(),
        type: z.enum(MOVEMENT_TYPES),
        amount: z.number().int().meta({ description: 'Signed: credits positive, debits negative' }),
        at: z.iso.datetime(),
        memo: z.string().optional(),
      }),
    ),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'AccountEntries' });

/** What RISK_BLOCKED (ADR 0012) and LIMIT_EXCEEDED (ADR 0013) carry beyond the problem document. */
export const RiskRefusalMembers = z.object({
  rules: z
    .array(z.object({ ruleId: z.string(), reason: z.string() }))
    .meta({ description: 'RISK_BLOCKED: the blocking rules that held, each with its reason' }),
  limit: z
    .object({
      which: z.enum(['single', 'daily', 'counterpartyDaily', 'productDaily', 'productTotal']).meta({
        description:
          "single or daily: the customer's for the flow; counterpartyDaily: what the recipient " +
          'may receive in a day; productDaily: what one customer may put into the product in ' +
          "a day; productTotal: the product's daily quota",
      }),
      flow: z.enum(['transfer', 'withdrawal', 'order']),
      amount: z.number().int().meta({ description: 'The limit, fen' }),
      source: z.string().meta({
        description:
          'tier FULL, risk level Cn, customer, platform, product level Rn, or product terms',
      }),
      productId: z
        .uuid()
        .optional()
        .meta({ description: 'productDaily, productTotal: the product' }),
    })
    .meta({ description: 'LIMIT_EXCEEDED: the limit that applied' }),
});
/** The codes whose problem documents carry RiskRefusalMembers. */
export const RISK_REFUSALS = ['RISK_BLOCKED', 'LIMIT_EXCEEDED'] as const;
