// Which cancelled transactions are sent again (shared/platform/transact.ts).
import { describe, expect, it } from 'vitest';
import { isTransient, TransactionCanceledException } from '../../shared/platform';

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('transaction retries', () => {
  it('M2.3-a sends again a transaction cancelled by a conflict or throttling, never one whose condition failed', () => {
    expect(isTransient(cancelled('None', 'TransactionConflict'))).toBe(true);
    expect(isTransient(cancelled('ThrottlingError', 'None'))).toBe(true);
    expect(isTransient(cancelled('ConditionalCheckFailed', 'TransactionConflict'))).toBe(false);
    expect(isTransient(cancelled('ValidationError'))).toBe(false);
    expect(isTransient(new Error('TransactionConflict'))).toBe(false);
  });
});
