// The platform's document-shaped DynamoDB commands: what each sends on the wire and how its
// answer comes back. The integration and e2e suites run every one against the emulator;
// here the shapes are pinned exactly, with the values a ledger write carries.
import { describe, expect, it } from 'vitest';
import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '../../shared/platform/aws/sdk/dynamodb';

const inputOf = (c: { lower(): object }) => c.lower();

describe('document commands in DynamoDB wire shapes', () => {
  it('a Get sends its key as attribute values and answers the item as plain values', () => {
    const c = new GetCommand({ TableName: 't', Key: { pk: 'ACCT#c1', sk: 'META' } });
    expect(inputOf(c)).toEqual({
      TableName: 't',
      Key: { pk: { S: 'ACCT#c1' }, sk: { S: 'META' } },
    });
    const out = c.raise({
      $metadata: {},
      Item: { pk: { S: 'ACCT#c1' }, balance: { N: '1250' }, tags: { L: [{ S: 'a' }] } },
    });
    expect(out.Item).toEqual({ pk: 'ACCT#c1', balance: 1250, tags: ['a'] });
    expect(c.raise({ $metadata: {} }).Item).toBeUndefined();
  });

  it('a Put leaves undefined attributes out and marshals its condition values', () => {
    const c = new PutCommand({
      TableName: 't',
      Item: { pk: 'MOVE#m1', amount: 500, note: undefined, history: [{ status: 'PENDING' }] },
      ConditionExpression: 'attribute_not_exists(pk) OR #s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': 'PENDING' },
    });
    expect(inputOf(c)).toEqual({
      TableName: 't',
      Item: {
        pk: { S: 'MOVE#m1' },
        amount: { N: '500' },
        history: { L: [{ M: { status: { S: 'PENDING' } } }] },
      },
      ConditionExpression: 'attribute_not_exists(pk) OR #s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': { S: 'PENDING' } },
    });
  });

  it('a Delete sends its key and condition values as attribute values', () => {
    const c = new DeleteCommand({
      TableName: 't',
      Key: { pk: 'IDEM#public#k', sk: 'IDEM' },
      ConditionExpression: 'requestHash = :h',
      ExpressionAttributeValues: { ':h': 'abc' },
    });
    expect(inputOf(c)).toEqual({
      TableName: 't',
      Key: { pk: { S: 'IDEM#public#k' }, sk: { S: 'IDEM' } },
      ConditionExpression: 'requestHash = :h',
      ExpressionAttributeValues: { ':h': { S: 'abc' } },
    });
    expect(c.raise({ $metadata: {}, Attributes: { n: { N: '2' } } }).Attributes).toEqual({ n: 2 });
  });

  it('an Update answers the attributes it asked for as plain values', () => {
    const c = new UpdateCommand({
      TableName: 't',
      Key: { pk: 'ACCT#c1' },
      UpdateExpression: 'ADD balance :d',
      ExpressionAttributeValues: { ':d': -125 },
      ReturnValues: 'ALL_NEW',
    });
    expect(inputOf(c)).toMatchObject({
      Key: { pk: { S: 'ACCT#c1' } },
      ExpressionAttributeValues: { ':d': { N: '-125' } },
      ReturnValues: 'ALL_NEW',
    });
    expect(c.raise({ $metadata: {}, Attributes: { balance: { N: '875' } } }).Attributes).toEqual({
      balance: 875,
    });
  });

  it('a Query pages with plain start and last keys', () => {
    const c = new QueryCommand({
      TableName: 't',
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': 'SETTLE#2026-11-28#3' },
      ExclusiveStartKey: { pk: 'SETTLE#2026-11-28#3', sk: 'm9' },
      Limit: 100,
    });
    expect(inputOf(c)).toMatchObject({
      ExpressionAttributeValues: { ':p': { S: 'SETTLE#2026-11-28#3' } },
      ExclusiveStartKey: { pk: { S: 'SETTLE#2026-11-28#3' }, sk: { S: 'm9' } },
      Limit: 100,
    });
    const out = c.raise({
      $metadata: {},
      Items: [{ sk: { S: 'm10' }, amount: { N: '1' } }],
      LastEvaluatedKey: { pk: { S: 'p' }, sk: { S: 'm10' } },
    });
    expect(out.Items).toEqual([{ sk: 'm10', amount: 1 }]);
    expect(out.LastEvaluatedKey).toEqual({ pk: 'p', sk: 'm10' });
    expect(c.raise({ $metadata: {} }).LastEvaluatedKey).toBeUndefined();
  });

  it('a BatchGet sends keys per table and answers responses and unprocessed keys as plain values', () => {
    const c = new BatchGetCommand({
      RequestItems: {
        cust: { Keys: [{ pk: 'CUST#a' }, { pk: 'CUST#b' }], ProjectionExpression: 'pk' },
      },
    });
    expect(inputOf(c)).toEqual({
      RequestItems: {
        cust: {
          Keys: [{ pk: { S: 'CUST#a' } }, { pk: { S: 'CUST#b' } }],
          ProjectionExpression: 'pk',
        },
      },
    });
    const out = c.raise({
      $metadata: {},
      Responses: { cust: [{ pk: { S: 'CUST#a' } }] },
      UnprocessedKeys: { cust: { Keys: [{ pk: { S: 'CUST#b' } }] } },
    });
    expect(out.Responses).toEqual({ cust: [{ pk: 'CUST#a' }] });
    expect(out.UnprocessedKeys).toEqual({ cust: { Keys: [{ pk: 'CUST#b' }] } });
  });

  it('a transaction marshals every kind of item, and refuses an item of no kind', () => {
    const c = new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: 't', Item: { pk: 'J#1', postings: [{ a: 'x', amt: 5 }] } } },
        {
          Update: {
            TableName: 't',
            Key: { pk: 'ACCT#x' },
            UpdateExpression: 'ADD available :d',
            ConditionExpression: 'available >= :a',
            ExpressionAttributeValues: { ':d': -5, ':a': 5 },
          },
        },
        { Delete: { TableName: 't', Key: { pk: 'HOLD#1' } } },
        {
          ConditionCheck: {
            TableName: 't',
            Key: { pk: 'CUST#c' },
            ConditionExpression: '#s = :active',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':active': 'ACTIVE' },
          },
        },
      ],
    });
    expect(inputOf(c)).toEqual({
      TransactItems: [
        {
          Put: {
            TableName: 't',
            Item: {
              pk: { S: 'J#1' },
              postings: { L: [{ M: { a: { S: 'x' }, amt: { N: '5' } } }] },
            },
            ExpressionAttributeValues: undefined,
          },
        },
        {
          Update: {
            TableName: 't',
            Key: { pk: { S: 'ACCT#x' } },
            UpdateExpression: 'ADD available :d',
            ConditionExpression: 'available >= :a',
            ExpressionAttributeValues: { ':d': { N: '-5' }, ':a': { N: '5' } },
          },
        },
        {
          Delete: {
            TableName: 't',
            Key: { pk: { S: 'HOLD#1' } },
            ExpressionAttributeValues: undefined,
          },
        },
        {
          ConditionCheck: {
            TableName: 't',
            Key: { pk: { S: 'CUST#c' } },
            ConditionExpression: '#s = :active',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':active': { S: 'ACTIVE' } },
          },
        },
      ],
    });
    expect(() => new TransactWriteCommand({ TransactItems: [{}] }).lower()).toThrow(TypeError);
  });
});
