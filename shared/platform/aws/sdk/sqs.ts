// SQS for this platform: its JSON protocol sent by AwsJsonHttp (aws-json-http.ts, ADR 0033)
// with an SDK client's configuration, and the SDK's exception classes. The SDK's package is
// loaded with require(): the runtime's SDK is CommonJS, and importing it from an ES module
// costs a parse of its exports on every cold start (about 60 ms for DynamoDB on these
// machines; `npm run bench` prints load times).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as ClientSQS from '@aws-sdk/client-sqs';
import { AwsJsonHttp, type JsonService } from './aws-json-http';

const load = createRequire(import.meta.url);
const clientsqs = load('@aws-sdk/client-sqs') as typeof ClientSQS;

export const { SQSClient } = clientsqs;
export type SQSClient = ClientSQS.SQSClient;

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
/** An answer whose MD5 of a body is not the body's: what the SDK's MD5 check refuses. */
export class MessageChecksumError extends Error {
  override readonly name = 'MessageChecksumError';
}
/** A body and the MD5 SQS answered for it; a missing MD5 fails the check, as in the SDK. */
function mustMatch(body: string | undefined, digest: string | undefined, where: string) {
  if (body !== undefined && md5(body) !== digest)
    throw new MessageChecksumError(`SQS: the MD5 of ${where} does not match its body`);
}

export const SQS: JsonService = {
  target: 'AmazonSQS',
  signingName: 'sqs',
  clientName: 'SQSClient',
  exceptions: clientsqs,
  base: clientsqs.SQSServiceException,
  // As the SDK sends it: errors named in the query protocol too (x-amzn-query-error).
  headers: { 'x-amzn-query-mode': 'true' },
  // As the SDK does (middleware-sdk-sqs): every body sent or received is checked against
  // the MD5 SQS computed of it.
  check: (operation, input, output) => {
    if (operation === 'SendMessage') {
      const i = input as ClientSQS.SendMessageRequest;
      mustMatch(
        i.MessageBody,
        (output as ClientSQS.SendMessageResult).MD5OfMessageBody,
        'a sent message',
      );
    } else if (operation === 'SendMessageBatch') {
      const bodies = new Map(
        (input as ClientSQS.SendMessageBatchRequest).Entries?.map((e) => [e.Id, e.MessageBody]),
      );
      for (const ok of (output as ClientSQS.SendMessageBatchResult).Successful ?? [])
        mustMatch(bodies.get(ok.Id), ok.MD5OfMessageBody, `batch entry ${ok.Id}`);
    } else if (operation === 'ReceiveMessage') {
      for (const m of (output as ClientSQS.ReceiveMessageResult).Messages ?? [])
        mustMatch(m.Body, m.MD5OfBody, `message ${m.MessageId}`);
    }
  },
};

/** The platform's SQS requests, typed by the SDK's shapes. */
export class Sqs {
  constructor(readonly wire: AwsJsonHttp) {}
  sendMessage(input: ClientSQS.SendMessageRequest): Promise<ClientSQS.SendMessageResult> {
    return this.wire.send('SendMessage', input) as Promise<ClientSQS.SendMessageResult>;
  }
  sendMessageBatch(
    input: ClientSQS.SendMessageBatchRequest,
  ): Promise<ClientSQS.SendMessageBatchResult> {
    return this.wire.send('SendMessageBatch', input) as Promise<ClientSQS.SendMessageBatchResult>;
  }
}

/** SQS's protocol over an SDK client's configuration. */
export function sqsHttp(sdk: ClientSQS.SQSClient): AwsJsonHttp {
  return new AwsJsonHttp(sdk, SQS);
}
