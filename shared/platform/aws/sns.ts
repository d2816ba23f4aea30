// The SNS client of this process.
import { SNSClient } from './sdk/sns';
import { created } from './clients';

let client: SNSClient | undefined;
export function sns(): SNSClient {
  client ??= created(new SNSClient({ cacheMiddleware: true }), 'SNS');
  return client;
}
