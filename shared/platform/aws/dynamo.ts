// The DynamoDB client of this process.
import { DocumentClient, DynamoDBClient } from './sdk/dynamodb';
import { created } from './clients';

let client: DocumentClient | undefined;
export function dynamo(): DocumentClient {
  client ??= new DocumentClient(created(new DynamoDBClient({ cacheMiddleware: true }), 'DynamoDB'));
  return client;
}
