// TransactWriteItems with transient cancellations retried: a conflict (another transaction
// touched one of the same items at the same moment) or a throttled item is not a failed
// condition, so the write is sent again (a few times, with jittered backoff). A failed
// condition, or a cancellation that outlasts the retries, is thrown as the SDK gives it.
import { TransactionCanceledException, TransactWriteCommand } from './aws/sdk/dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './aws/dynamo';

const ATTEMPTS = 5;

export async function transactWrite(input: TransactWriteCommandInput): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await dynamo().send(new TransactWriteCommand(input));
      return;
    } catch (error) {
      if (!isTransient(error) || attempt >= ATTEMPTS) throw error;
      await new Promise((r) => setTimeout(r, 20 * 2 ** (attempt - 1) + Math.random() * 20));
    }
  }
}

const TRANSIENT = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

/** Cancelled for a conflict or throttling, and for no failed condition. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
  return codes.some((c) => TRANSIENT.has(c)) && !codes.includes('ConditionalCheckFailed');
}
