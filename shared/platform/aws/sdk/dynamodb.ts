// DynamoDB for this platform: commands in the document client's shapes (plain values in,
// plain values out), lowered to DynamoDB's wire shapes and sent by AwsJsonHttp
// (aws-json-http.ts: the protocol over Node's HTTP client, with the SDK client's region,
// endpoint, credentials, signer and retry strategy). The SDK's own document client
// (@aws-sdk/lib-dynamodb) wraps every command in a second one and resolves both middleware
// stacks on every call, and the low-level client's pipeline costs about 0.25 ms of CPU a
// request more than the request itself (README, Performance; ADR 0033). The types are
// lib-dynamodb's: the inputs and outputs here are exactly its, so callers read the same.
//
// The SDK's packages are loaded with require(): the runtime's SDK is CommonJS, and importing
// it from an ES module costs a parse of its exports on every cold start (about 60 ms for
// DynamoDB on these machines; `npm run bench` prints load times).
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as ClientDynamoDB from '@aws-sdk/client-dynamodb';
import type {
  AttributeValue,
  DynamoDBClient as LowClient,
  TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import type * as Lib from '@aws-sdk/lib-dynamodb';
import type * as UtilDynamoDB from '@aws-sdk/util-dynamodb';
import { AwsJsonHttp, type JsonService } from './aws-json-http';

const load = createRequire(import.meta.url);
const low = load('@aws-sdk/client-dynamodb') as typeof ClientDynamoDB;
const util = load('@aws-sdk/util-dynamodb') as typeof UtilDynamoDB;

export const { DynamoDBClient, TransactionCanceledException } = low;
export const { unmarshall } = util;

type Doc = Record<string, unknown>;
type Wire = Record<string, AttributeValue>;

// Undefined attributes are left out, as the platform's document client did.
const toWire = (doc: Doc): Wire => util.marshall(doc, { removeUndefinedValues: true });
const toWireIf = (doc: Doc | undefined): Wire | undefined => (doc ? toWire(doc) : undefined);
const fromWire = (wire: Wire): Doc => util.unmarshall(wire);
const fromWireIf = (wire: Wire | undefined): Doc | undefined => (wire ? fromWire(wire) : undefined);

/** A command in the document shapes: how it becomes a wire one, and its answer back. */
export abstract class DocCommand<In, Out> {
  constructor(readonly input: In) {}
  /** DynamoDB's name for the operation ("GetItem"). */
  abstract readonly operation: string;
  /** @internal The input in DynamoDB's wire shapes. */
  abstract lower(): object;
  /** @internal */
  abstract raise(output: unknown): Out;
}

/** Attribute maps of an input that hold values (not names or expressions). */
function lowerValues<T extends { ExpressionAttributeValues?: Doc }>(input: T) {
  return { ...input, ExpressionAttributeValues: toWireIf(input.ExpressionAttributeValues) };
}

export class GetCommand extends DocCommand<Lib.GetCommandInput, Lib.GetCommandOutput> {
  readonly operation = 'GetItem';
  lower() {
    return { ...this.input, Key: toWire(this.input.Key ?? {}) };
  }
  raise(out: ClientDynamoDB.GetItemCommandOutput): Lib.GetCommandOutput {
    return { ...out, Item: fromWireIf(out.Item) };
  }
}

// The legacy parameters (Expected, AttributeUpdates, KeyConditions, QueryFilter, ScanFilter)
// are not taken: the platform writes expressions only.
export class PutCommand extends DocCommand<
  Omit<Lib.PutCommandInput, 'Expected'>,
  Lib.PutCommandOutput
> {
  readonly operation = 'PutItem';
  lower() {
    return {
      ...lowerValues(this.input),
      Item: toWire(this.input.Item ?? {}),
    };
  }
  raise(out: ClientDynamoDB.PutItemCommandOutput): Lib.PutCommandOutput {
    return { ...out, Attributes: fromWireIf(out.Attributes), ItemCollectionMetrics: undefined };
  }
}

export class UpdateCommand extends DocCommand<
  Omit<Lib.UpdateCommandInput, 'AttributeUpdates' | 'Expected'>,
  Lib.UpdateCommandOutput
> {
  readonly operation = 'UpdateItem';
  lower() {
    return {
      ...lowerValues(this.input),
      Key: toWire(this.input.Key ?? {}),
    };
  }
  raise(out: ClientDynamoDB.UpdateItemCommandOutput): Lib.UpdateCommandOutput {
    return { ...out, Attributes: fromWireIf(out.Attributes), ItemCollectionMetrics: undefined };
  }
}

export class DeleteCommand extends DocCommand<
  Omit<Lib.DeleteCommandInput, 'Expected'>,
  Lib.DeleteCommandOutput
> {
  readonly operation = 'DeleteItem';
  lower() {
    return {
      ...lowerValues(this.input),
      Key: toWire(this.input.Key ?? {}),
    };
  }
  raise(out: ClientDynamoDB.DeleteItemCommandOutput): Lib.DeleteCommandOutput {
    return { ...out, Attributes: fromWireIf(out.Attributes), ItemCollectionMetrics: undefined };
  }
}

type Page = { Items?: Wire[]; LastEvaluatedKey?: Wire };
const raisePage = <T extends Page>(out: T) => ({
  ...out,
  Items: out.Items?.map(fromWire),
  LastEvaluatedKey: fromWireIf(out.LastEvaluatedKey),
});

export class QueryCommand extends DocCommand<
  Omit<Lib.QueryCommandInput, 'KeyConditions' | 'QueryFilter'>,
  Lib.QueryCommandOutput
> {
  readonly operation = 'Query';
  lower() {
    return {
      ...lowerValues(this.input),
      ExclusiveStartKey: toWireIf(this.input.ExclusiveStartKey),
    };
  }
  raise(out: ClientDynamoDB.QueryCommandOutput): Lib.QueryCommandOutput {
    return raisePage(out);
  }
}

export class ScanCommand extends DocCommand<
  Omit<Lib.ScanCommandInput, 'ScanFilter'>,
  Lib.ScanCommandOutput
> {
  readonly operation = 'Scan';
  lower() {
    return {
      ...lowerValues(this.input),
      ExclusiveStartKey: toWireIf(this.input.ExclusiveStartKey),
    };
  }
  raise(out: ClientDynamoDB.ScanCommandOutput): Lib.ScanCommandOutput {
    return raisePage(out);
  }
}

export class BatchGetCommand extends DocCommand<
  Lib.BatchGetCommandInput,
  Lib.BatchGetCommandOutput
> {
  readonly operation = 'BatchGetItem';
  lower() {
    const RequestItems = Object.fromEntries(
      Object.entries(this.input.RequestItems ?? {}).map(([table, req]) => [
        table,
        { ...req, Keys: (req.Keys ?? []).map(toWire) },
      ]),
    );
    return { ...this.input, RequestItems };
  }
  raise(out: ClientDynamoDB.BatchGetItemCommandOutput): Lib.BatchGetCommandOutput {
    const map = <V, W>(o: Record<string, V> | undefined, f: (v: V) => W) =>
      o && Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
    return {
      ...out,
      Responses: map(out.Responses, (items) => items.map(fromWire)),
      UnprocessedKeys: map(out.UnprocessedKeys, (req) => ({
        ...req,
        Keys: req.Keys?.map(fromWire),
      })),
    };
  }
}

export class TransactWriteCommand extends DocCommand<
  Lib.TransactWriteCommandInput,
  Lib.TransactWriteCommandOutput
> {
  readonly operation = 'TransactWriteItems';
  lower() {
    const TransactItems = (this.input.TransactItems ?? []).map((item): TransactWriteItem => {
      if (item.Put) return { Put: { ...lowerValues(item.Put), Item: toWire(item.Put.Item ?? {}) } };
      if (item.Update)
        return { Update: { ...lowerValues(item.Update), Key: toWire(item.Update.Key ?? {}) } };
      if (item.Delete)
        return { Delete: { ...lowerValues(item.Delete), Key: toWire(item.Delete.Key ?? {}) } };
      if (item.ConditionCheck)
        return {
          ConditionCheck: {
            ...lowerValues(item.ConditionCheck),
            Key: toWire(item.ConditionCheck.Key ?? {}),
          },
        };
      throw new TypeError('a transaction item needs Put, Update, Delete or ConditionCheck');
    });
    return { ...this.input, TransactItems };
  }
  raise(out: ClientDynamoDB.TransactWriteItemsCommandOutput): Lib.TransactWriteCommandOutput {
    return { ...out, ItemCollectionMetrics: undefined };
  }
}

/** The platform's DynamoDB client: document-shaped commands over DynamoDB's own protocol. */
export class DocumentClient {
  constructor(readonly wire: AwsJsonHttp) {}
  async send<In, Out>(command: DocCommand<In, Out>): Promise<Out> {
    return command.raise(await this.wire.send(command.operation, command.lower()));
  }
}

export const DYNAMODB: JsonService = {
  target: 'DynamoDB_20120810',
  signingName: 'dynamodb',
  clientName: 'DynamoDBClient',
  exceptions: low,
  base: low.DynamoDBServiceException,
  // TransactWriteItems is idempotent for ten minutes under one ClientRequestToken: the SDK
  // fills one in before its retries, so a retried transaction that had committed is not
  // applied twice. So does this.
  prepare: (operation, input) =>
    operation === 'TransactWriteItems'
      ? {
          ...input,
          ClientRequestToken:
            (input as { ClientRequestToken?: string }).ClientRequestToken ?? randomUUID(),
        }
      : input,
};

/** DynamoDB's protocol over a low-level SDK client's configuration. */
export function dynamoHttp(sdk: LowClient): AwsJsonHttp {
  return new AwsJsonHttp(sdk, DYNAMODB);
}
