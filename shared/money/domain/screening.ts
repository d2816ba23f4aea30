// The risk screening a movement passes before it settles (M4.1-a, ADR 0012). A withdrawal,
// transfer or order leaves the customer's control at settlement, so it settles only once
// the risk scorer has screened it: CLEARED (allowed, or only an alert for review) or HELD
// until a risk officer RELEASES or REJECTS it. The screen only ever moves forward, never
// back: none -> CLEARED, or none -> HELD -> RELEASED | REJECTED. A settlement that saw a
// movement cleared can therefore trust it, and one that saw it uncleared does nothing.
import type { MovementType } from './ledger';
import type { Movement } from './movement';

export const SCREENS = ['CLEARED', 'HELD', 'RELEASED', 'REJECTED'] as const;
export type Screen = (typeof SCREENS)[number];

/** The screens a settlement may proceed on. */
export const SETTLEABLE_SCREENS: readonly Screen[] = ['CLEARED', 'RELEASED'];

/** Movements that wait for screening: money that leaves the customer's account for good. */
export const SCREENED_TYPES: readonly MovementType[] = ['WITHDRAWAL', 'TRANSFER', 'SUBSCRIPTION'];

export const isScreened = (type: unknown): boolean => SCREENED_TYPES.includes(type as MovementType);

/** Whether settlement may go ahead as far as risk is concerned. */
export function mayProceed(m: { readonly type?: unknown; readonly screen?: unknown }): boolean {
  return !isScreened(m.type) || SETTLEABLE_SCREENS.includes(m.screen as Screen);
}

/** What the scorer decided, kept on the movement for the settlement log and staff. */
export interface ScreeningNote {
  readonly decision: 'ALLOW' | 'REVIEW' | 'HOLD' | 'BLOCK';
  readonly score: number;
  readonly ruleSetVersion: number;
  /** The rules that contributed, with their reasons. */
  readonly rules: readonly { readonly ruleId: string; readonly reason: string }[];
  readonly at: string;
  /** A risk officer's decision on a hold. */
  readonly resolution?: {
    readonly outcome: 'RELEASED' | 'REJECTED';
    readonly by: string;
    readonly at: string;
    readonly reason: string;
  };
}

/** The screen a scorer's decision puts on a movement: HOLD, and BLOCK too late to refuse, hold it. */
export const screenOf = (decision: ScreeningNote['decision']): Screen =>
  decision === 'HOLD' || decision === 'BLOCK' ? 'HELD' : 'CLEARED';

/**
 * The synchronous risk pre-check (ADR 0012): asked by the money flows before a withdrawal,
 * transfer or order is recorded; it refuses (a Refusal, RISK_BLOCKED, with the rules and
 * their reasons) what the blocking rules would block, and returns otherwise. The risk module
 * implements it; money knows only this.
 */
export interface RiskPrecheck {
  /** Refuses a blocked movement; otherwise answers the exposure limits that apply to it. */
  check(
    m: Pick<
      Movement,
      | 'movementId'
      | 'type'
      | 'customerId'
      | 'counterpartyId'
      | 'amount'
      | 'currency'
      | 'cycle'
      | 'status'
      | 'createdAt'
      | 'suitability'
      | 'productId'
    >,
    /** An order's product caps, from its terms (fen). */
    product?: {
      readonly perCustomerDaily?: number | undefined;
      readonly dailyTotal?: number | undefined;
    },
  ): Promise<MovementLimits | undefined>;
}

/**
 * The exposure limits of one movement (M4.2-a, ADR 0013), as the risk module resolved
 * them: the money transaction enforces the daily ones with a conditional counter.
 */
export interface MovementLimits {
  readonly flow: string;
  readonly single: number;
  readonly daily: number;
  /** Where the limits come from (a tier, a risk level, the customer's own). */
  readonly source: string;
  /** A transfer: what its recipient may receive by transfer in a day. */
  readonly counterpartyDailyIn?: number;
  /** An order: what may go into its product today, by this customer and by all. */
  readonly product?: {
    readonly productId: string;
    readonly perCustomerDaily?: DailyLimit;
    readonly dailyTotal?: DailyLimit;
  };
}

/** A daily amount (fen) and where it comes from. */
export interface DailyLimit {
  readonly amount: number;
  readonly source: string;
}
