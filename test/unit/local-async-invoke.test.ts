// Asynchronous invocations in the local runtime behave as Lambda's do for schedules and SNS
// (issue 12 cdk-nag finding: DLQs for the scheduled functions): two retries, then the event
// goes to the function's dead-letter queue with its error.
import { beforeEach, describe, expect, it } from 'vitest';
import { invokeAsync, type LocalFunction } from '../../infra/local/functions';
import { attempts, control } from '../fixtures/failing-job';

const job: LocalFunction = {
  name: 'opsReconcile',
  logicalId: 'FnopsReconcile',
  entry: 'test/fixtures/failing-job.ts',
  environment: {},
  timeoutMs: 5_000,
  deadLetterArn: 'arn:aws:sqs:local:000000000000:async-failures',
};
const event = { source: 'aws.events', 'detail-type': 'Scheduled Event' };

describe('local asynchronous invocation', () => {
  let dead: { fn: string; event: unknown; error: string }[];
  const deadLetter = async (fn: LocalFunction, e: unknown, error: unknown) => {
    dead.push({ fn: fn.name, event: e, error: (error as Error).message });
  };
  beforeEach(() => {
    attempts.length = 0;
    dead = [];
  });

  it('M6.4-a issue 12 cdk-nag (DLQs for the scheduled functions): a job that keeps failing is tried three times, then its event is dead-lettered with the last error', async () => {
    control.failures = 10;
    const outcome = await invokeAsync(job, event, deadLetter);
    expect(attempts).toHaveLength(3);
    expect(outcome).toMatchObject({ ok: false, deadLettered: true });
    expect(dead).toEqual([{ fn: 'opsReconcile', event, error: 'attempt 3 failed' }]);
  });

  it('M6.4-a a retry that succeeds keeps nothing in the dead-letter queue', async () => {
    control.failures = 2;
    expect(await invokeAsync(job, event, deadLetter)).toEqual({ ok: true });
    expect(attempts).toHaveLength(3);
    expect(dead).toEqual([]);
  });

  it('M6.4-a without a dead-letter queue the failure is returned (to be logged), not kept', async () => {
    control.failures = 10;
    const { deadLetterArn: _none, ...withoutDlq } = job;
    const outcome = await invokeAsync(withoutDlq, event, deadLetter);
    expect(outcome).toMatchObject({ ok: false, deadLettered: false });
    expect(dead).toEqual([]);
  });
});
