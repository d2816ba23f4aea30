// The AWS SDK's dynamodb packages, loaded with require(): the runtime's SDK is CommonJS, and
// importing it from an ES module costs a parse of its exports on every cold start
// (about 60 ms for DynamoDB on these machines; `npm run bench` prints load times).
import { createRequire } from 'node:module';
import type * as ClientDynamoDB from '@aws-sdk/client-dynamodb';
import type * as LibDynamoDB from '@aws-sdk/lib-dynamodb';
import type * as UtilDynamoDB from '@aws-sdk/util-dynamodb';

const load = createRequire(import.meta.url);
const clientdynamodb = load('@aws-sdk/client-dynamodb') as typeof ClientDynamoDB;
const libdynamodb = load('@aws-sdk/lib-dynamodb') as typeof LibDynamoDB;
const utildynamodb = load('@aws-sdk/util-dynamodb') as typeof UtilDynamoDB;

export const { DynamoDBClient, TransactionCanceledException } = clientdynamodb;
export const {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} = libdynamodb;
export type DynamoDBDocumentClient = LibDynamoDB.DynamoDBDocumentClient;
export const { unmarshall } = utildynamodb;
