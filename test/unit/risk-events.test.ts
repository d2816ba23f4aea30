// M4.1-a: the risk event of a movement, as the ledger stream produces it: typed, and
// without plaintext PII (no memo, no name, phone or card).
import { describe, expect, it } from 'vitest';
import { RiskEvent, riskEventOf } from '../../shared/risk/domain/risk-events';

const movement = {
  pk: 'MOVE#0b9f1c3e-8a41-4f6b-9d2e-5c7a1b3d4e6f',
  sk: 'MOVE',
  movementId: '0b9f1c3e-8a41-4f6b-9d2e-5c7a1b3d4e6f',
  type: 'TRANSFER',
  customerId: 'c-1',
  counterpartyId: 'c-2',
  amount: 12_345,
  currency: 'CNY',
  cycle: 1,
  settleOn: '2026-11-30',
  shard: 3,
  status: 'PENDING',
  history: [{ status: 'PENDING', at: '2026-11-27T02:00:00.000Z' }],
  createdAt: '2026-11-27T02:00:00.000Z',
  memo: 'rent for 张三, 13800138000',
};

describe('risk events (M4.1-a)', () => {
  it('M4.1-a maps a movement to a typed event keyed by its movement', () => {
    const event = riskEventOf(movement);
    expect(event).toEqual({
      type: 'MOVEMENT',
      eventId: `${movement.movementId}:created`,
      movementId: movement.movementId,
      movementType: 'TRANSFER',
      customerId: 'c-1',
      counterpartyId: 'c-2',
      amount: 12_345,
      currency: 'CNY',
      settlementCycle: 'T+1',
      status: 'PENDING',
      settleOn: '2026-11-30',
      shard: 3,
      at: '2026-11-27T02:00:00.000Z',
    });
    expect(RiskEvent.parse(event)).toEqual(event);
  });

  it('M4.1-a carries no free text: the memo stays in the ledger', () => {
    expect(JSON.stringify(riskEventOf(movement))).not.toMatch(/rent|张三|13800138000/);
  });

  it('ignores ledger items that are not movements, and refuses a malformed movement', () => {
    expect(riskEventOf({ pk: 'ACCT#cust:c-1', sk: 'BALANCE' })).toBeUndefined();
    expect(() => riskEventOf({ ...movement, amount: -1 })).toThrow();
  });
});
