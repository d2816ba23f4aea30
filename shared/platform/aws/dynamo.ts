// The DynamoDB document client of this process.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { created } from './clients';

let client: DynamoDBDocumentClient | undefined;
export function dynamo(): DynamoDBDocumentClient {
  client ??= DynamoDBDocumentClient.from(created(new DynamoDBClient({}), 'DynamoDB'), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return client;
}
