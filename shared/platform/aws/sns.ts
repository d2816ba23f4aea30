// The SNS client of this process.
import { SNSClient } from '@aws-sdk/client-sns';
import { created } from './clients';

let client: SNSClient | undefined;
export function sns(): SNSClient {
  client ??= created(new SNSClient({}), 'SNS');
  return client;
}
