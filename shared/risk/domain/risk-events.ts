// Risk events (M4.1-a): every movement, as the risk-scoring consumers receive it. Built
// from the ledger's change stream, so an event exists for every committed movement even
// if the function that committed it died right after (the stream is the outbox). Ids,
// amounts and times only: no name, phone, card or memo (free text) ever goes in.
import { MOVEMENT_TYPES } from '../../money';
import * as z from 'zod';

export const RiskEvent = z
  .object({
    type: z.literal('MOVEMENT'),
    /** Unique per event: consumers drop a repeated delivery by it. */
    eventId: z.string(),
    movementId: z.uuid(),
    movementType: z.enum(MOVEMENT_TYPES),
    customerId: z.string(),
    counterpartyId: z.string().optional(),
    amount: z.number().int().positive(),
    currency: z.literal('CNY'),
    settlementCycle: z.enum(['T+0', 'T+1', 'T+2']),
    /** The movement's status when it was recorded (a deposit is INITIATED until charged). */
    status: z.string(),
    at: z.iso.datetime(),
  })
  .strict();
export type RiskEvent = z.infer<typeof RiskEvent>;

/** A movement item as the ledger stores it (the fields an event needs). */
const MovementImage = z.object({
  pk: z.string().startsWith('MOVE#'),
  movementId: z.uuid(),
  type: z.enum(MOVEMENT_TYPES),
  customerId: z.string(),
  counterpartyId: z.string().optional(),
  amount: z.number().int().positive(),
  currency: z.literal('CNY'),
  cycle: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  status: z.string(),
  createdAt: z.iso.datetime(),
});

/** The event of a newly written ledger item, or undefined if the item is not a movement. */
export function riskEventOf(image: Record<string, unknown>): RiskEvent | undefined {
  if (typeof image.pk !== 'string' || !image.pk.startsWith('MOVE#')) return undefined;
  const m = MovementImage.parse(image);
  return {
    type: 'MOVEMENT',
    eventId: `${m.movementId}:created`,
    movementId: m.movementId,
    movementType: m.type,
    customerId: m.customerId,
    ...(m.counterpartyId ? { counterpartyId: m.counterpartyId } : {}),
    amount: m.amount,
    currency: m.currency,
    settlementCycle: `T+${m.cycle}`,
    status: m.status,
    at: m.createdAt,
  };
}
