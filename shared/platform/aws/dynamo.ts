// The DynamoDB document client of this process.
import { DynamoDBClient } from './sdk/dynamodb';
import { DynamoDBDocumentClient } from './sdk/dynamodb';
import { created } from './clients';

let client: DynamoDBDocumentClient | undefined;
export function dynamo(): DynamoDBDocumentClient {
  client ??= DynamoDBDocumentClient.from(created(new DynamoDBClient({}), 'DynamoDB'), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return client;
}
