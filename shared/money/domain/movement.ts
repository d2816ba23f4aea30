// The money entities: a movement (the settlement log's unit, with every status and its
// time), an account's balances and its journal lines. Plain values: the ledger repo stores
// them, flows and the domain read them.
import type { MovementType } from './ledger';
import type { Screen, ScreeningNote } from './screening';
import type { Cycle, SettlementStatus } from './settlement';

export type MovementStatus = 'INITIATED' | SettlementStatus;

export interface StatusChange {
  readonly status: MovementStatus;
  readonly at: string;
  readonly note?: string;
}

export interface Movement {
  readonly movementId: string;
  readonly type: MovementType;
  readonly customerId: string;
  readonly counterpartyId?: string;
  readonly amount: number;
  readonly currency: 'CNY';
  readonly cycle: Cycle;
  readonly settleOn: string;
  readonly shard: number;
  readonly status: MovementStatus;
  readonly history: readonly StatusChange[];
  readonly createdAt: string;
  readonly memo?: string;
  /** Orders and redemptions: the product, and the order a redemption redeems. */
  readonly productId?: string;
  readonly orderId?: string;
  /** Loan disbursements and repayments: the loan. */
  readonly loanId?: string;
  /** Orders: the suitability decision it was placed under (M2.2-a). */
  readonly suitability?: {
    readonly customerLevel: number;
    readonly productLevel: number;
    readonly acknowledged: boolean;
    readonly warning?: string;
    /** The decision as the customer was told it (orders placed since it is kept). */
    readonly explanation?: string;
    readonly assessedAt: string;
  };
  /** Withdrawals, transfers and orders: the risk screening it settles after (ADR 0012). */
  readonly screen?: Screen;
  readonly screening?: ScreeningNote;
}

export interface Account {
  readonly account: string;
  readonly balance: number;
  readonly available: number;
  readonly held: number;
  readonly currency: 'CNY';
}

export interface Entry {
  readonly journalId: string;
  readonly movementId: string;
  readonly type: MovementType;
  readonly amount: number;
  readonly at: string;
  readonly memo?: string;
}
