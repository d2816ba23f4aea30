// Worker-side access to the emulator the global setup started: SDK clients pointed at
// it, and the adapters built with a function's own environment.
import { inject } from 'vitest';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { functionEnvironment } from '../../shared/platform/config';
import { setLogSink } from '../../shared/platform/logger';

/** Points the SDK at the emulator; this worker's log lines join the scanned capture. */
export function useEmulator(): void {
  const logFile = inject('logFile');
  setLogSink((line) => appendFileSync(logFile, `${line}\n`));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: inject('endpoint'),
    AWS_REGION: inject('region'),
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
}

export const clientConfig = () => ({
  endpoint: inject('endpoint'),
  region: inject('region'),
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

/** Runs code with one function's environment, as the gateway would. */
export function asFunction<T>(name: string, fn: () => T): T {
  const env = inject('functionEnv')[name];
  if (!env) throw new Error(`no function ${name}`);
  return functionEnvironment.run({ ...process.env, ...env, AWS_LAMBDA_FUNCTION_NAME: name }, fn);
}

/** The URL of a queue's dead-letter queue, from its redrive policy. */
export async function dlqUrlOf(queueUrl: string): Promise<string> {
  const sqs = new SQSClient(clientConfig());
  const attrs = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['RedrivePolicy'] }),
  );
  const arn =
    (JSON.parse(attrs.Attributes?.RedrivePolicy ?? '{}') as { deadLetterTargetArn?: string })
      .deadLetterTargetArn ?? '';
  const [, , , , account, name] = arn.split(':');
  return `${inject('endpoint')}/${account}/${name}`;
}

/** A pk/sk table of the tests' own in the emulator (optionally with a change stream). */
export async function scratchTable(
  prefix: string,
  opts: { stream?: boolean } = {},
): Promise<{ name: string; streamArn?: string }> {
  const name = `${prefix}-${randomUUID().slice(0, 8)}`;
  const ddb = new DynamoDBClient(clientConfig());
  const created = await ddb.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      ...(opts.stream
        ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }
        : {}),
    }),
  );
  await waitUntilTableExists({ client: ddb, maxWaitTime: 30, minDelay: 1 }, { TableName: name });
  const streamArn = created.TableDescription?.LatestStreamArn;
  return { name, ...(streamArn ? { streamArn } : {}) };
}
