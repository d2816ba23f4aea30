// The ledger change-stream consumer (ADR 0006, ADR 0009), invoked with a batch as Lambda
// would hand it over: a risk event per new movement, a settlement message per T+0 movement
// that became PENDING, ten messages to a request, and a record whose message a queue did
// not accept reported so that Lambda retries from it.
import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { handler } from '../../functions/money/ledger-stream';
import { asFunction, useEmulator } from '../support/aws';
import { setFaultInjector, setRequestTap } from '../support/sdk';

beforeAll(() => useEmulator());
afterEach(() => {
  setFaultInjector(undefined);
  setRequestTap(undefined);
});

const env = () => inject('functionEnv').ledgerStream ?? {};
let seq = 1000;

function movement(extra: Record<string, unknown> = {}) {
  const movementId = randomUUID();
  return {
    pk: `MOVE#${movementId}`,
    sk: 'MOVE',
    movementId,
    type: 'TRANSFER',
    customerId: 'c-1',
    counterpartyId: 'c-2',
    amount: 100,
    currency: 'CNY',
    cycle: 0,
    settleOn: '2026-11-28',
    status: 'PENDING',
    createdAt: '2026-11-28T02:00:00.000Z',
    ...extra,
  };
}

function record(eventName: 'INSERT' | 'MODIFY', image: Record<string, unknown>): DynamoDBRecord {
  seq += 1;
  return {
    eventID: String(seq),
    eventName,
    dynamodb: {
      Keys: marshall({ pk: image.pk, sk: image.sk }) as never,
      NewImage: marshall(image, { removeUndefinedValues: true }) as never,
      SequenceNumber: String(seq),
    },
  };
}

interface Sent {
  queue: 'risk' | 'settlement';
  bodies: Record<string, unknown>[];
}

/** Records every SendMessageBatch (its queue and messages); `fail` picks the requests to fail. */
function watchSends(fail: (s: Sent, nth: number) => boolean = () => false): Sent[] {
  const sent: Sent[] = [];
  let last: Sent | undefined;
  setRequestTap((service, op, input) => {
    if (service !== 'SQS') return;
    expect(op).toBe('SendMessageBatch');
    const { QueueUrl, Entries } = input as {
      QueueUrl: string;
      Entries: { MessageBody: string }[];
    };
    last = {
      queue: QueueUrl === env().RISK_EVENTS_QUEUE_URL ? 'risk' : 'settlement',
      bodies: Entries.map((e) => JSON.parse(e.MessageBody) as Record<string, unknown>),
    };
    sent.push(last);
  });
  setFaultInjector((service) => {
    if (service !== 'SQS' || !last) return undefined;
    const s = last;
    return fail(s, sent.filter((x) => x.queue === s.queue).length)
      ? new Error('injected: SQS unavailable')
      : undefined;
  });
  return sent;
}

const run = (records: DynamoDBRecord[]) =>
  asFunction('ledgerStream', () => handler({ Records: records } as DynamoDBStreamEvent));

describe('the ledger change stream (M4.1-a, M2.3-b)', () => {
  it('M4.1-a M2.3-b sends a risk event per new movement and settles T+0 movements that became PENDING and screened clear, ten to a request', async () => {
    const t0 = Array.from({ length: 12 }, () => movement());
    const held = Array.from({ length: 2 }, () => movement());
    const t1 = Array.from({ length: 3 }, () => movement({ cycle: 1, settleOn: '2026-11-30' }));
    const deposits = Array.from({ length: 4 }, () => movement({ type: 'DEPOSIT' }));
    const records = [
      ...[...t0, ...held].map((m) => record('INSERT', m)), // a transfer waits for screening
      ...t1.map((m) => record('INSERT', m)),
      ...deposits.map((m) => record('INSERT', { ...m, status: 'INITIATED' })),
      ...deposits.map((m) => record('MODIFY', m)), // charged: INITIATED -> PENDING
      ...t0.map((m) => record('MODIFY', { ...m, screen: 'CLEARED' })), // screened (ADR 0012)
      ...held.map((m) => record('MODIFY', { ...m, screen: 'HELD' })),
      ...t1.map((m) => record('MODIFY', { ...m, screen: 'CLEARED' })),
      record('INSERT', { pk: 'ACCT#cust:c-1', sk: 'BALANCE', balance: 1 }),
    ];
    const sent = watchSends();
    expect(await run(records)).toEqual({ batchItemFailures: [] });

    const risk = sent.filter((s) => s.queue === 'risk');
    const settlement = sent.filter((s) => s.queue === 'settlement');
    expect(risk.map((s) => s.bodies.length).sort((x, y) => x - y)).toEqual([1, 10, 10]);
    expect(settlement.map((s) => s.bodies.length).sort()).toEqual([10, 6]);
    const riskIds = risk.flatMap((s) => s.bodies.map((b) => b.movementId));
    expect(new Set(riskIds)).toEqual(
      new Set([...t0, ...held, ...t1, ...deposits].map((m) => m.movementId)),
    );
    expect(riskIds).toHaveLength(21); // one per insert: updates add none
    expect(
      settlement
        .flatMap((s) => s.bodies)
        .sort((a, b) => String(a.movementId).localeCompare(String(b.movementId))),
    ).toEqual(
      [...t0.map((m) => ({ ...m, screen: 'CLEARED' })), ...deposits]
        .map(({ pk: _pk, sk: _sk, ...carried }) => ({
          movementId: carried.movementId,
          movement: carried, // as it became PENDING (ADR 0010)
        }))
        .sort((a, b) => a.movementId.localeCompare(b.movementId)),
    );
  });

  it('M2.3-b reports the records whose messages were not accepted, and a malformed movement, so Lambda retries from the first', async () => {
    // Redemptions: money coming back settles as soon as it is recorded.
    const ms = Array.from({ length: 14 }, () => movement({ type: 'REDEMPTION' }));
    const broken = movement({ type: 'REDEMPTION', amount: -5 }); // not a valid movement
    const records = [...ms.slice(0, 3), broken, ...ms.slice(3)].map((m) => record('INSERT', m));
    // The second settlement request (records 11..14 of the movements) fails whole.
    const sent = watchSends((s, nth) => s.queue === 'settlement' && nth === 2);
    const out = await run(records);
    const failedSettlement = sent.filter((s) => s.queue === 'settlement')[1]?.bodies ?? [];
    expect(failedSettlement).toHaveLength(4);
    const failed = (r: DynamoDBRecord) =>
      r.dynamodb?.NewImage?.movementId?.S === broken.movementId ||
      failedSettlement.some((b) => r.dynamodb?.NewImage?.movementId?.S === b.movementId);
    // In stream order, the malformed record (the fourth) first.
    expect(out.batchItemFailures).toEqual(
      records.filter(failed).map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber })),
    );
    expect(out.batchItemFailures[0]?.itemIdentifier).toBe(records[3]?.dynamodb?.SequenceNumber);
    expect(out.batchItemFailures).toHaveLength(5);
  });
});
