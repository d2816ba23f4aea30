// The SQS client of this process.
import { SQSClient } from './sdk/sqs';
import { created } from './clients';

let client: SQSClient | undefined;
export function sqs(): SQSClient {
  client ??= created(new SQSClient({ cacheMiddleware: true }), 'SQS');
  return client;
}
