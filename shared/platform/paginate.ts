// Every page of a DynamoDB Query or Scan, followed through LastEvaluatedKey.
import { BatchGetCommand, QueryCommand, ScanCommand } from './aws/sdk/dynamodb';
import type { QueryCommandInput, ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './aws/dynamo';

type Item = Record<string, unknown>;

export async function queryAll(input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

export async function scanPages(input: ScanCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** BatchGetItem takes at most 100 keys a request. */
export const BATCH_GET_LIMIT = 100;

/**
 * Items by key, 100 keys to a request (the requests run together), with what DynamoDB left
 * unprocessed asked again (at most 5 rounds, with a short back-off). Missing keys are absent.
 */
export async function batchGetAll(
  table: string,
  keys: readonly Item[],
  projection?: { expression: string; names: Record<string, string> },
): Promise<Item[]> {
  const out: Item[] = [];
  const chunks: Item[][] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_LIMIT)
    chunks.push(keys.slice(i, i + BATCH_GET_LIMIT));
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending: Item[] = chunk;
      for (let round = 0; pending.length; round++) {
        if (round === 5) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed`);
        if (round) await new Promise((r) => setTimeout(r, 20 * 2 ** round));
        const res = await dynamo().send(
          new BatchGetCommand({
            RequestItems: {
              [table]: {
                Keys: pending,
                ...(projection
                  ? {
                      ProjectionExpression: projection.expression,
                      ExpressionAttributeNames: projection.names,
                    }
                  : {}),
              },
            },
          }),
        );
        out.push(...(res.Responses?.[table] ?? []));
        pending = (res.UnprocessedKeys?.[table]?.Keys ?? []) as Item[];
      }
    }),
  );
  return out;
}

/** An item without its table keys. */
export const withoutKeys = ({ pk: _pk, sk: _sk, ...rest }: Item): Item => rest;
