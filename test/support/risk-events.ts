// Risk events for the risk tests: a customer's transfer of `amount`, at an instant.
import { randomUUID } from 'node:crypto';
import type { RiskEvent } from '../../shared/risk/domain/risk-events';

export function transferEvent(
  at: string,
  amount: number,
  over: Partial<Extract<RiskEvent, { type: 'MOVEMENT' }>> = {},
): RiskEvent {
  const movementId = randomUUID();
  return {
    type: 'MOVEMENT',
    eventId: `${movementId}:created`,
    movementId,
    movementType: 'TRANSFER',
    customerId: 'c-1',
    counterpartyId: 'c-2',
    amount,
    currency: 'CNY',
    settlementCycle: 'T+0',
    status: 'PENDING',
    at,
    ...over,
  };
}
