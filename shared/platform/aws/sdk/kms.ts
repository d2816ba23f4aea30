// The AWS SDK's kms packages, loaded with require(): the runtime's SDK is CommonJS, and
// importing it from an ES module costs a parse of its exports on every cold start
// (about 60 ms for DynamoDB on these machines; `npm run bench` prints load times).
import { createRequire } from 'node:module';
import type * as ClientKMS from '@aws-sdk/client-kms';

const load = createRequire(import.meta.url);
const clientkms = load('@aws-sdk/client-kms') as typeof ClientKMS;

export const { KMSClient, DecryptCommand, GenerateDataKeyCommand, GenerateMacCommand } = clientkms;
export type KMSClient = ClientKMS.KMSClient;
