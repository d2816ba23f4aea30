// Starts the local platform once per test run (emulator, stacks, gateway, pollers) and
// shares its addresses with the tests. Every log line and every SQS message the platform
// sends is captured to files under .local/ so tests can scan them for PII.
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { setRequestTap } from './support/sdk';
import { setLogSink } from '../shared/platform/logger';
import { startLocalPlatform } from '../infra/local/platform';

// Node 20 runs the local platform; deployed functions run Node 22. Silence the SDK's notice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    endpoint: string;
    region: string;
    userPoolId: string;
    /** Each function's environment, as its template gives it. */
    functionEnv: Record<string, Record<string, string>>;
    notificationsQueueUrl: string;
    logFile: string;
    sqsCaptureFile: string;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.FINPLAT_UNIT_ONLY === '1') return;
  const dir = path.resolve(import.meta.dirname, '../.local/test-capture');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, 'logs.jsonl');
  const sqsCaptureFile = path.join(dir, 'sqs.jsonl');
  setLogSink((line) => appendFileSync(logFile, `${line}\n`));
  // One line per message sent, batches spread out: { QueueUrl, MessageBody }.
  setRequestTap((service, op, input) => {
    if (service !== 'SQS' || !op.startsWith('SendMessage')) return;
    const { QueueUrl, MessageBody, Entries } = input as {
      QueueUrl: string;
      MessageBody?: string;
      Entries?: { MessageBody: string }[];
    };
    const bodies = Entries ? Entries.map((e) => e.MessageBody) : [MessageBody];
    for (const body of bodies)
      appendFileSync(sqsCaptureFile, `${JSON.stringify({ QueueUrl, MessageBody: body })}\n`);
  });
  const platform = await startLocalPlatform({ port: 0, retryDelaySeconds: 1 });
  project.provide('apiUrl', platform.apiUrl);
  project.provide('endpoint', platform.endpoint);
  project.provide('region', platform.region);
  project.provide('userPoolId', platform.userPoolId);
  project.provide(
    'functionEnv',
    Object.fromEntries([...platform.functions].map(([name, fn]) => [name, { ...fn.environment }])),
  );
  project.provide('notificationsQueueUrl', platform.queues.notifier?.url ?? '');
  project.provide('logFile', logFile);
  project.provide('sqsCaptureFile', sqsCaptureFile);
  return async () => {
    setRequestTap(undefined);
    await platform.stop();
  };
}
