// A customer's status as staff change it (ADR 0015): FREEZE only an ACTIVE customer,
// UNFREEZE only a FROZEN one; a CLOSED account never changes; each change names both ends.
import { describe, expect, it } from 'vitest';
import {
  applyStatusAction,
  StatusActionRefused,
  type StatusAction,
} from '../../shared/identity/domain/customer-status';

const step = (action: StatusAction) => ({
  action,
  by: 'staff.risk-officer',
  at: '2026-11-29T04:00:00.000Z',
  reason: 'test',
});

describe('customer status (M4.4-a)', () => {
  it('M4.4-a freezes an active customer and unfreezes a frozen one, keeping who, when and why', () => {
    expect(applyStatusAction('ACTIVE', step('FREEZE'))).toEqual({
      ...step('FREEZE'),
      from: 'ACTIVE',
      to: 'FROZEN',
    });
    expect(applyStatusAction('FROZEN', step('UNFREEZE'))).toMatchObject({
      from: 'FROZEN',
      to: 'ACTIVE',
    });
  });

  it('M4.4-a refuses a freeze of a frozen or closed customer and an unfreeze of an active one', () => {
    for (const [status, action] of [
      ['FROZEN', 'FREEZE'],
      ['ACTIVE', 'UNFREEZE'],
      ['CLOSED', 'FREEZE'],
      ['CLOSED', 'UNFREEZE'],
    ] as const)
      expect(() => applyStatusAction(status, step(action))).toThrow(StatusActionRefused);
    expect(() => applyStatusAction('CLOSED', step('UNFREEZE'))).toThrow(/closed/);
  });
});
