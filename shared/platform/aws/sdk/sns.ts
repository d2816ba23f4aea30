// The AWS SDK's sns packages, loaded with require(): the runtime's SDK is CommonJS, and
// importing it from an ES module costs a parse of its exports on every cold start
// (about 60 ms for DynamoDB on these machines; `npm run bench` prints load times).
import { createRequire } from 'node:module';
import type * as ClientSNS from '@aws-sdk/client-sns';

const load = createRequire(import.meta.url);
const clientsns = load('@aws-sdk/client-sns') as typeof ClientSNS;

export const { SNSClient, PublishCommand } = clientsns;
export type SNSClient = ClientSNS.SNSClient;
