// The SQS client of this process: the SDK client is the configuration (region, endpoint,
// credentials, signer, retries); the requests go through the platform's own transport
// (sdk/aws-json-http.ts, ADR 0033).
import { SQSClient, Sqs, sqsHttp } from './sdk/sqs';
import { created } from './clients';

let client: Sqs | undefined;
export function sqs(): Sqs {
  client ??= new Sqs(created(sqsHttp(new SQSClient({})), 'SQS'));
  return client;
}
