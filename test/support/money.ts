// Helpers for money tests: idempotent requests, waiting for settlement, account reads.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { clientConfig } from './aws';
import { api } from './http';

export const money = (amount: number) => ({ amount, currency: 'CNY' });

export function post(path: string, token: string, body: unknown, key: string = randomUUID()) {
  return api<Record<string, unknown>>('POST', path, {
    token,
    body,
    headers: { 'idempotency-key': key },
  });
}

export async function account(token: string) {
  const res = await api<{ balance: number; available: number; held: number; currency: string }>(
    'GET',
    '/v1/accounts/me',
    { token },
  );
  if (res.status !== 200) throw new Error(`account: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Polls until the account matches (settlement runs asynchronously through SQS). */
export async function eventually<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met; last value ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

export async function fund(token: string, amount: number) {
  const res = await post('/v1/deposits', token, money(amount));
  if (res.status !== 201) throw new Error(`deposit failed: ${JSON.stringify(res.body)}`);
  const before = await account(token);
  return eventually(
    () => account(token),
    (a) => a.balance >= before.balance + amount || a.balance >= amount,
  );
}

/** Every row of a date's settlement log, page by page (staff token), and the page count. */
export async function settlementLogAll<Row = Record<string, unknown>>(
  date: string,
  token: string,
  opts: { status?: string; limit?: number } = {},
): Promise<{ items: Row[]; pages: number }> {
  const items: Row[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const q = new URLSearchParams({
      date,
      ...(opts.status ? { status: opts.status } : {}),
      ...(opts.limit ? { limit: String(opts.limit) } : {}),
      ...(cursor ? { cursor } : {}),
    });
    const res = await api<{ items: Row[]; nextCursor?: string }>(
      'GET',
      `/v1/ops/settlements?${q.toString()}`,
      { token },
    );
    if (res.status !== 200)
      throw new Error(`settlement log: ${res.status} ${JSON.stringify(res.body)}`);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages += 1;
  } while (cursor);
  return { items, pages };
}

/**
 * Every movement the ledger holds for a customer, read from the emulator: what a test
 * checks instead of waiting a while for a duplicate that should never appear (the request
 * path writes a movement in its own transaction, so a duplicate would be there already).
 */
export async function movementsOf(
  customerId: string,
): Promise<{ movementId: string; type: string; status: string; amount: number }[]> {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()));
  const out: { movementId: string; type: string; status: string; amount: number }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: inject('functionEnv').deposit?.LEDGER_TABLE ?? '',
        FilterExpression: 'begins_with(pk, :m) AND customerId = :c',
        ExpressionAttributeValues: { ':m': 'MOVE#', ':c': customerId },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const i of page.Items ?? [])
      out.push({
        movementId: String(i.movementId),
        type: String(i.type),
        status: String(i.status),
        amount: Number(i.amount),
      });
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}
