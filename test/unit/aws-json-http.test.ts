// The platform's AWS JSON transport (shared/platform/aws/sdk/aws-json-http.ts), sending
// DynamoDB's commands to a stand-in for the service on a loopback port: the request it sends
// (and botocore's verdict on its signature: the emulator checks none), the SDK's errors it
// throws, what it retries and how, binary values, and the hooks tests install.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DocumentClient,
  DynamoDBClient,
  dynamoHttp,
  GetCommand,
  PutCommand,
  TransactionCanceledException,
  TransactWriteCommand,
} from '../../shared/platform/aws/sdk/dynamodb';
import { classify } from '../../shared/platform/aws/sdk/aws-json-http';
import { MessageChecksumError, Sqs, SQSClient, sqsHttp } from '../../shared/platform/aws/sdk/sqs';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}
type Reply = (seen: Seen, res: ServerResponse) => void;

let server: Server;
let endpoint: string;
let seen: Seen[] = [];
let replies: Reply[] = [];
const ok =
  (body: object = {}): Reply =>
  (_, res) => {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
    res.end(JSON.stringify(body));
  };
const fail =
  (status: number, body: object, headers: Record<string, string> = {}): Reply =>
  (_, res) => {
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': 'REQ1',
      ...headers,
    });
    res.end(JSON.stringify(body));
  };
const reset: Reply = (_, res) => res.socket?.destroy();

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(s);
      (replies.shift() ?? ok())(s, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen = [];
  replies = [];
});

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token-example',
};
const client = () => {
  const wire = dynamoHttp(
    new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials, maxAttempts: 3 }),
  );
  return { wire, doc: new DocumentClient(wire) };
};

/** botocore's SigV4 signature of a request (the Python SDK's signer, not the JS one). */
function botocoreSignature(s: Seen): string {
  const auth = s.headers.authorization ?? '';
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
  const headers = Object.fromEntries(signedHeaders.map((h) => [h, s.headers[h] ?? '']));
  const script = `
import json, sys
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
r = json.load(sys.stdin)
req = AWSRequest(method=r['method'], url=r['url'], data=r['body'].encode('utf-8'), headers=r['headers'])
req.context['timestamp'] = r['headers']['x-amz-date']
auth = SigV4Auth(Credentials(r['ak'], r['sk'], r['token']), 'dynamodb', 'eu-west-1')
canonical = auth.canonical_request(req)
print(auth.signature(auth.string_to_sign(req, canonical), req))
`;
  return execFileSync('python3', ['-c', script], {
    input: JSON.stringify({
      method: s.method,
      url: `${endpoint}${s.url}`,
      headers,
      body: s.body,
      ak: credentials.accessKeyId,
      sk: credentials.secretAccessKey,
      token: credentials.sessionToken,
    }),
  })
    .toString()
    .trim();
}

describe('the DynamoDB transport', () => {
  it('sends the JSON protocol, signed as botocore signs it', async () => {
    const { doc } = client();
    replies = [ok({ Item: { pk: { S: 'ACCT#c1' }, balance: { N: '1250' } } })];
    const out = await doc.send(new GetCommand({ TableName: 'ledger', Key: { pk: 'ACCT#c1' } }));
    expect(out.Item).toEqual({ pk: 'ACCT#c1', balance: 1250 });
    const [s] = seen;
    if (!s) throw new Error('no request');
    expect(s.method).toBe('POST');
    expect(s.url).toBe('/');
    expect(s.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(s.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(s.headers['x-amz-security-token']).toBe(credentials.sessionToken);
    expect(JSON.parse(s.body)).toEqual({ TableName: 'ledger', Key: { pk: { S: 'ACCT#c1' } } });
    const auth = s.headers.authorization ?? '';
    expect(auth).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=[^,]*content-type;host;[^,]*x-amz-date;[^,]*x-amz-target, Signature=[0-9a-f]{64}$/,
    );
    expect(auth.split('Signature=')[1]).toBe(botocoreSignature(s));
    // botocore trusts the body's hash in x-amz-content-sha256: it must be the body's.
    const hash = s.headers['x-amz-content-sha256'];
    if (hash) expect(hash).toBe(createHash('sha256').update(s.body).digest('hex'));

    // The SDK's own client, sending the same request, signs the same headers (besides its
    // own user-agent and invocation headers).
    seen = [];
    replies = [ok({})];
    await new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials }).send(
      new GetItemCommand({ TableName: 'ledger', Key: { pk: { S: 'ACCT#c1' } } }),
    );
    const signedBy = (x: Seen | undefined) =>
      (/SignedHeaders=([^,]+)/.exec(x?.headers.authorization ?? '')?.[1] ?? '')
        .split(';')
        .filter((h) => !h.startsWith('amz-sdk-') && h !== 'x-amz-user-agent');
    expect(signedBy(s)).toEqual(signedBy(seen[0]));
    expect(seen[0]?.body).toBe(s.body);
  });

  it('sends binary values as base64 and answers them as bytes', async () => {
    const { doc } = client();
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    replies = [ok({ Attributes: { gz: { B: Buffer.from(bytes).toString('base64') } } })];
    const out = await doc.send(
      new PutCommand({ TableName: 't', Item: { pk: 'P', gz: bytes }, ReturnValues: 'ALL_OLD' }),
    );
    expect(JSON.parse(seen[0]?.body ?? '')).toMatchObject({
      Item: { pk: { S: 'P' }, gz: { B: 'AAEC+v8=' } },
    });
    expect(out.Attributes?.gz).toEqual(bytes);
  });

  it("throws the SDK's exception class with its fields, and does not retry a refusal", async () => {
    const { doc } = client();
    replies = [
      fail(400, {
        __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
        Message: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
    ];
    const error = await doc
      .send(new TransactWriteCommand({ TransactItems: [] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    const cancelled = error as InstanceType<typeof TransactionCanceledException>;
    expect(cancelled.CancellationReasons?.map((r) => r.Code)).toEqual([
      'None',
      'ConditionalCheckFailed',
    ]);
    expect(cancelled.$metadata).toMatchObject({ httpStatusCode: 400, requestId: 'REQ1' });
    expect(seen).toHaveLength(1);

    replies = [
      fail(400, {
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
      }),
    ];
    const failed = await doc
      .send(new PutCommand({ TableName: 't', Item: { pk: 'x' } }))
      .then(() => new Error('sent'))
      .catch((e: Error) => e);
    expect([failed.name, failed.message]).toEqual([
      'ConditionalCheckFailedException',
      'The conditional request failed',
    ]);
  });

  it('retries throttling, server errors and a reset connection, a transaction under one request token', async () => {
    const { doc } = client();
    replies = [
      fail(400, {
        __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
      }),
      reset,
      ok(),
    ];
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [{ Put: { TableName: 't', Item: { pk: 'a' } } }],
      }),
    );
    expect(seen).toHaveLength(3);
    const tokens = seen.map(
      (s) => (JSON.parse(s.body) as { ClientRequestToken: string }).ClientRequestToken,
    );
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);

    seen = [];
    replies = [500, 500, 500, 500].map((st) => fail(st, { __type: 'InternalServerError' }));
    type Failed = { name: string; $metadata: { attempts: number } };
    const error = await doc
      .send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }))
      .then((): Failed => ({ name: 'sent', $metadata: { attempts: 0 } }))
      .catch((e: Failed) => e);
    expect(error.name).toBe('InternalServerError');
    expect(error.$metadata.attempts).toBe(3);
    expect(seen).toHaveLength(3);
  });

  it('retries what the model marks retryable and an expired signature; waits for a slow answer', async () => {
    const { doc } = client();
    replies = [
      fail(400, {
        __type: 'com.amazonaws.dynamodb.v20120810#ReplicatedWriteConflictException',
        message: 'conflict',
      }),
      fail(400, {
        __type: 'com.amazon.coral.service#InvalidSignatureException',
        message: 'Signature expired: 20261129T000000Z is now earlier than 20261129T000500Z',
      }),
      (_, res) => setTimeout(() => ok({})(_, res), 300),
    ];
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [{ Put: { TableName: 't', Item: { pk: 'a' } } }],
        ClientRequestToken: undefined,
      }),
    );
    expect(seen).toHaveLength(3);
    const token = (JSON.parse(seen[0]?.body ?? '') as { ClientRequestToken?: string })
      .ClientRequestToken;
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('classifies failures as the SDK does, every throttling code of the SDK included', async () => {
    const sdk = createRequire(import.meta.url)('@smithy/core/retry') as Record<
      string,
      (e: object) => boolean
    >;
    const sdkType = (e: object) =>
      sdk.isThrottlingError!(e)
        ? 'THROTTLING'
        : sdk.isTransientError!(e)
          ? 'TRANSIENT'
          : sdk.isServerError!(e)
            ? 'SERVER_ERROR'
            : 'CLIENT_ERROR';
    const source = readFileSync(
      createRequire(import.meta.url).resolve('@smithy/core/retry'),
      'utf8',
    );
    const listed = (name: string) =>
      [
        ...(new RegExp(`${name} = \\[([^\\]]*)\\]`).exec(source)?.[1] ?? '').matchAll(/"([^"]+)"/g),
      ].map((m) => m[1] ?? '');
    const names = [
      ...listed('THROTTLING_ERROR_CODES'),
      ...listed('TRANSIENT_ERROR_CODES'),
      'ConditionalCheckFailedException',
      'ValidationException',
      'InternalServerError',
      'ResourceNotFoundException',
    ];
    expect(names.length).toBeGreaterThan(15);
    for (const name of names)
      for (const status of [400, 429, 500, 501, 503]) {
        const error = Object.assign(new Error('m'), {
          name,
          $metadata: { httpStatusCode: status },
        });
        expect([name, status, classify(error, status, false)]).toEqual([
          name,
          status,
          sdkType(error),
        ]);
      }
    const retryable = Object.assign(new Error('m'), {
      name: 'ReplicatedWriteConflictException',
      $retryable: {},
      $metadata: { httpStatusCode: 400 },
    });
    expect(classify(retryable, 400, false)).toBe(sdkType(retryable));
  });

  it("sends the invocation's X-Ray trace in Lambda, unsigned, as the SDK does", async () => {
    const { doc } = client();
    const env = { ...process.env };
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'transfer';
    process.env._X_AMZN_TRACE_ID = 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1';
    try {
      await doc.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }));
    } finally {
      process.env = env;
    }
    expect(seen[0]?.headers['x-amzn-trace-id']).toBe(
      'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1',
    );
    expect(seen[0]?.headers.authorization).not.toContain('x-amzn-trace-id');
  });

  it("signs again by the service's clock when ours is off by more than five minutes", async () => {
    const { doc } = client();
    const serverNow = new Date(Date.now() + 3_600_000);
    replies = [
      fail(
        400,
        {
          __type: 'com.amazon.coral.service#InvalidSignatureException',
          message: 'Signature expired',
        },
        { date: serverNow.toUTCString() },
      ),
      ok(),
    ];
    await doc.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }));
    expect(seen).toHaveLength(2);
    const amzDate = (s: Seen | undefined) => {
      const d = s?.headers['x-amz-date'] ?? '';
      return Date.parse(
        `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 11)}:${d.slice(11, 13)}:${d.slice(13)}`,
      );
    };
    expect(Math.abs(amzDate(seen[1]) - serverNow.getTime())).toBeLessThan(5_000);
    expect(Math.abs(amzDate(seen[0]) - Date.now())).toBeLessThan(5_000);
  });

  it('runs the hooks tests install once per call, with the operation and its wire input', async () => {
    const { wire, doc } = client();
    const calls: string[] = [];
    wire.middlewareStack.add(
      (next, ctx) => async (args) => {
        calls.push(`${ctx.commandName}:${JSON.stringify((args as { input: unknown }).input)}`);
        return next(args);
      },
      { step: 'initialize', name: 'spy' },
    );
    replies = [fail(400, { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException' }), ok()];
    await doc.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }));
    expect(calls).toEqual(['GetItemCommand:{"TableName":"t","Key":{"pk":{"S":"a"}}}']);
  });
});

describe('SQS over the same transport', () => {
  const sqs = () =>
    new Sqs(sqsHttp(new SQSClient({ endpoint, region: 'eu-west-1', credentials, maxAttempts: 3 })));
  const md5 = (text: string) => createHash('md5').update(text).digest('hex');
  const QueueUrl = 'http://127.0.0.1/000000000000/settlement';

  it('sends a batch as SQS JSON, and checks the MD5 of every body it sent', async () => {
    const entries = [
      { Id: '0', MessageBody: '{"movementId":"m1"}' },
      { Id: '1', MessageBody: '{"movementId":"m2"}' },
    ];
    replies = [
      ok({
        Successful: entries.map((e) => ({
          Id: e.Id,
          MessageId: `id-${e.Id}`,
          MD5OfMessageBody: md5(e.MessageBody),
        })),
        Failed: [],
      }),
    ];
    const out = await sqs().sendMessageBatch({ QueueUrl, Entries: entries });
    expect(out.Successful?.map((s) => s.MessageId)).toEqual(['id-0', 'id-1']);
    expect(seen[0]?.headers['x-amz-target']).toBe('AmazonSQS.SendMessageBatch');
    expect(seen[0]?.headers.authorization).toMatch(/\/eu-west-1\/sqs\/aws4_request/);
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ QueueUrl, Entries: entries });

    replies = [ok({ MessageId: 'x', MD5OfMessageBody: md5('something else') })];
    await expect(sqs().sendMessage({ QueueUrl, MessageBody: 'sent' })).rejects.toBeInstanceOf(
      MessageChecksumError,
    );
    replies = [ok({ MessageId: 'x' })];
    await expect(sqs().sendMessage({ QueueUrl, MessageBody: 'sent' })).rejects.toBeInstanceOf(
      MessageChecksumError,
    );
    expect(seen.at(-1)?.headers['x-amzn-query-mode']).toBe('true');
  });

  it("throws SQS's exception class for a queue that does not exist", async () => {
    replies = [
      fail(
        400,
        { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'no such queue' },
        { 'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender' },
      ),
    ];
    const error = await sqs()
      .sendMessage({ QueueUrl, MessageBody: 'x' })
      .then(() => new Error('sent'))
      .catch((e: Error) => e);
    expect([error.name, error.message]).toEqual(['QueueDoesNotExist', 'no such queue']);
    expect(error).toMatchObject({
      Code: 'AWS.SimpleQueueService.NonExistentQueue',
      Type: 'Sender',
    });
    expect(seen).toHaveLength(1);
  });

  it('an abort ends a long poll', async () => {
    const wire = sqsHttp(new SQSClient({ endpoint, region: 'eu-west-1', credentials }));
    replies = [() => undefined]; // never answered
    const abort = new AbortController();
    const polling = wire.send('ReceiveMessage', { QueueUrl, WaitTimeSeconds: 20 }, abort.signal);
    await new Promise((r) => setTimeout(r, 50));
    abort.abort();
    await expect(polling).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(1);
  });
});
