// Risk events (M4.1-a, M4.1-b, M2.1-c): what the scoring consumer receives. Movements come
// from the ledger's change stream, so an event exists for every committed movement even if
// the function that committed it died right after (the stream is the outbox); sign-ins,
// activations and changes of a customer's phone or bank card are sent by the functions
// that see them. Ids, amounts, times and keyed references only: no name, phone, card, ID
// number, IP address or memo ever goes in. Where a rule compares identities across
// customers (a device, a bank card), the event carries a keyed blind index of it.
import { MOVEMENT_TYPES, type MovementType } from '../../money';
import * as z from 'zod';

/** A keyed blind index (HMAC-SHA256, base64url) of a device id, card or IP address. */
const Ref = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

export const MovementEvent = z
  .object({
    type: z.literal('MOVEMENT'),
    /** Unique per event: consumers drop a repeated delivery by it. */
    eventId: z.string().min(1).max(200),
    movementId: z.uuid(),
    movementType: z.enum(MOVEMENT_TYPES),
    customerId: z.string().min(1),
    counterpartyId: z.string().optional(),
    amount: z.number().int().positive(),
    currency: z.literal('CNY'),
    settlementCycle: z.enum(['T+0', 'T+1', 'T+2']),
    /** The movement's status when it was recorded (a deposit is INITIATED until charged). */
    status: z.string(),
    /** Where the ledger indexes it (its settlement date and shard): the screen's log row. */
    settleOn: z.iso.date().optional(),
    shard: z.number().int().min(0).optional(),
    at: z.iso.datetime(),
  })
  .strict();
export type MovementEvent = z.infer<typeof MovementEvent>;

/** A sign-in attempt on a known customer (an unknown phone names nobody to watch). */
export const LoginEvent = z
  .object({
    type: z.literal('LOGIN'),
    eventId: z.string().min(1).max(200),
    customerId: z.string().min(1),
    outcome: z.enum(['SUCCESS', 'FAILURE']),
    deviceRef: Ref.optional(),
    ipRef: Ref.optional(),
    at: z.iso.datetime(),
  })
  .strict();
export type LoginEvent = z.infer<typeof LoginEvent>;

/** A customer whose registration was verified: the account exists from `at`. */
export const RegistrationEvent = z
  .object({
    type: z.literal('REGISTRATION'),
    eventId: z.string().min(1).max(200),
    customerId: z.string().min(1),
    deviceRef: Ref.optional(),
    bankCardRef: Ref.optional(),
    at: z.iso.datetime(),
  })
  .strict();
export type RegistrationEvent = z.infer<typeof RegistrationEvent>;

/** The customer's phone or bank card was changed (M2.1-c). */
export const ProfileChangeEvent = z
  .object({
    type: z.literal('PROFILE_CHANGE'),
    eventId: z.string().min(1).max(200),
    customerId: z.string().min(1),
    field: z.enum(['PHONE', 'BANK_CARD']),
    bankCardRef: Ref.optional(),
    at: z.iso.datetime(),
  })
  .strict();
export type ProfileChangeEvent = z.infer<typeof ProfileChangeEvent>;

/**
 * A watch-list update's re-screening found a possible hit on the customer (issue 14, M1-c,
 * ADR 0031): list and version only; the hit itself is in the customer's screening result.
 */
export const ScreeningEvent = z
  .object({
    type: z.literal('SCREENING'),
    eventId: z.string().min(1).max(200),
    customerId: z.string().min(1),
    listId: z.string().min(1).max(40),
    listVersion: z.number().int().positive(),
    at: z.iso.datetime(),
  })
  .strict();
export type ScreeningEvent = z.infer<typeof ScreeningEvent>;

export const RiskEvent = z.discriminatedUnion('type', [
  MovementEvent,
  LoginEvent,
  RegistrationEvent,
  ProfileChangeEvent,
  ScreeningEvent,
]);
export type RiskEvent = z.infer<typeof RiskEvent>;

/**
 * The flows whose thresholds differ (M4.1-a names registration, fund transfer, loan approval
 * and repayment; the others are the platform's own movements).
 */
export const FLOWS = [
  'registration',
  'login',
  'deposit',
  'withdrawal',
  'transfer',
  'order',
  'redemption',
  'loanApproval',
  'repayment',
] as const;
export type Flow = (typeof FLOWS)[number];

const FLOW_OF_MOVEMENT: Record<MovementType, Flow> = {
  DEPOSIT: 'deposit',
  WITHDRAWAL: 'withdrawal',
  TRANSFER: 'transfer',
  SUBSCRIPTION: 'order',
  REDEMPTION: 'redemption',
  LOAN_DISBURSEMENT: 'loanApproval',
  LOAN_REPAYMENT: 'repayment',
};

/**
 * The flow an event belongs to, or undefined for a change of the customer's details or a
 * re-screening.
 */
export function flowOf(event: RiskEvent): Flow | undefined {
  switch (event.type) {
    case 'MOVEMENT':
      return FLOW_OF_MOVEMENT[event.movementType];
    case 'LOGIN':
      return 'login';
    case 'REGISTRATION':
      return 'registration';
    case 'PROFILE_CHANGE':
    case 'SCREENING':
      return undefined;
  }
}

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
  settleOn: z.iso.date().optional(),
  shard: z.number().int().min(0).optional(),
  createdAt: z.iso.datetime(),
});

/** The event of a newly written ledger item, or undefined if the item is not a movement. */
export function riskEventOf(image: Record<string, unknown>): MovementEvent | undefined {
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
    ...(m.settleOn !== undefined ? { settleOn: m.settleOn } : {}),
    ...(m.shard !== undefined ? { shard: m.shard } : {}),
    at: m.createdAt,
  };
}
