// The DynamoDB client of this process.
import { DocumentClient, DynamoDBClient, dynamoHttp } from './sdk/dynamodb';
import { created } from './clients';

let client: DocumentClient | undefined;
export function dynamo(): DocumentClient {
  // The SDK client is the configuration (region, endpoint, credentials, signer, retries);
  // the requests go through the platform's own transport (sdk/aws-json-http.ts).
  client ??= new DocumentClient(created(dynamoHttp(new DynamoDBClient({})), 'DynamoDB'));
  return client;
}
