// The settlement queue's message (ADR 0010): a movement's id, and from the ledger stream the
// movement itself as it became PENDING. The settler checks the carried movement against the
// ledger inside its own transaction, so this schema guards shape, not truth.
import * as z from 'zod';
import { MOVEMENT_TYPES } from '../domain/ledger';
import type { Movement } from '../domain/movement';

const Status = z.enum(['INITIATED', 'PENDING', 'SETTLING', 'SETTLED', 'FAILED', 'RETRIED']);

const CarriedMovement = z.object({
  movementId: z.uuid(),
  type: z.enum(MOVEMENT_TYPES),
  customerId: z.string().min(1).max(128),
  counterpartyId: z.string().min(1).max(128).optional(),
  amount: z.number().int().positive(),
  currency: z.literal('CNY'),
  cycle: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  settleOn: z.iso.date(),
  shard: z.number().int().nonnegative(),
  // The ledger stream sends a movement as it became PENDING, and only that is ever used.
  status: z.literal('PENDING'),
  history: z.array(z.object({ status: Status, at: z.string(), note: z.string().optional() })),
  createdAt: z.string(),
  memo: z.string().optional(),
  productId: z.string().optional(),
  orderId: z.string().optional(),
  suitability: z
    .object({
      customerLevel: z.number(),
      productLevel: z.number(),
      acknowledged: z.boolean(),
      warning: z.string().optional(),
      explanation: z.string().optional(),
      assessedAt: z.string(),
    })
    .optional(),
}) satisfies z.ZodType<Movement>;

export const SettlementMessage = z
  .object({ movementId: z.uuid(), movement: CarriedMovement.optional() })
  .strict();
export type SettlementMessage = z.infer<typeof SettlementMessage>;
