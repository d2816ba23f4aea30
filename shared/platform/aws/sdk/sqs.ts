// The AWS SDK's sqs packages, loaded with require(): the runtime's SDK is CommonJS, and
// importing it from an ES module costs a parse of its exports on every cold start
// (about 60 ms for DynamoDB on these machines; `npm run bench` prints load times).
import { createRequire } from 'node:module';
import type * as ClientSQS from '@aws-sdk/client-sqs';

const load = createRequire(import.meta.url);
const clientsqs = load('@aws-sdk/client-sqs') as typeof ClientSQS;

export const { SQSClient, SendMessageCommand, SendMessageBatchCommand } = clientsqs;
export type SQSClient = ClientSQS.SQSClient;
