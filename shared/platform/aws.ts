// AWS SDK clients, one per service per process (reused across invocations). The endpoint
// comes from AWS_ENDPOINT_URL when set (the local emulator). Every request passes a
// counting middleware so benchmarks can report requests per operation at the SDK.
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { currentEnv } from './config';

/** Requests sent, by "function:Service.Operation" (e.g. "register:DynamoDB.TransactWriteItems"). */
export const sdkRequestCounts = new Map<string, number>();
export function resetSdkRequestCounts(): void {
  sdkRequestCounts.clear();
}
/** Requests to a service, from one function or (without it) from all. */
export function sdkRequests(service: string, fn?: string): number {
  let n = 0;
  for (const [k, v] of sdkRequestCounts) {
    const [f, op] = k.split(':') as [string, string];
    if (op.startsWith(`${service}.`) && (fn === undefined || f === fn)) n += v;
  }
  return n;
}

export type RequestTap = (service: string, operation: string, input: unknown) => void;
let tap: RequestTap | undefined;
/** Tests see every request's input (for example, to scan queue messages for PII). */
export function setRequestTap(next: RequestTap | undefined): void {
  tap = next;
}

/**
 * Decides whether a call fails: an Error fails it before it is sent; `{ after: Error }`
 * sends it and then fails (the response is lost: the change happened, the caller does
 * not know).
 */
export type FaultInjector = (
  service: string,
  operation: string,
) => Error | { after: Error } | undefined;
let faultInjector: FaultInjector | undefined;
/** Tests inject AWS errors with this (a share of calls fails before it is sent). */
export function setFaultInjector(next: FaultInjector | undefined): void {
  faultInjector = next;
}

interface Instrumentable {
  middlewareStack: {
    add: (
      mw: (
        next: (a: unknown) => Promise<unknown>,
        ctx: { clientName?: string; commandName?: string },
      ) => (a: unknown) => Promise<unknown>,
      opts: { step: 'initialize'; name: string },
    ) => void;
  };
}

function instrument<T>(client: T, service: string): T {
  (client as unknown as Instrumentable).middlewareStack.add(
    (next, ctx) => async (args) => {
      const op = (ctx.commandName ?? 'Unknown').replace(/Command$/, '');
      const fn = currentEnv().AWS_LAMBDA_FUNCTION_NAME ?? 'unknown';
      const key = `${fn}:${service}.${op}`;
      sdkRequestCounts.set(key, (sdkRequestCounts.get(key) ?? 0) + 1);
      tap?.(service, op, (args as { input?: unknown }).input);
      const fault = faultInjector?.(service, op);
      if (fault instanceof Error) throw fault;
      const result = await next(args);
      if (fault) throw fault.after;
      return result;
    },
    { step: 'initialize', name: 'platformRequestCounter' },
  );
  return client;
}

let dynamo: DynamoDBDocumentClient | undefined;
let kms: KMSClient | undefined;
let sqs: SQSClient | undefined;
let sns: SNSClient | undefined;
let cognito: CognitoIdentityProviderClient | undefined;

export const aws = {
  dynamo(): DynamoDBDocumentClient {
    dynamo ??= DynamoDBDocumentClient.from(instrument(new DynamoDBClient({}), 'DynamoDB'), {
      marshallOptions: { removeUndefinedValues: true },
    });
    return dynamo;
  },
  kms(): KMSClient {
    kms ??= instrument(new KMSClient({}), 'KMS');
    return kms;
  },
  sqs(): SQSClient {
    sqs ??= instrument(new SQSClient({}), 'SQS');
    return sqs;
  },
  sns(): SNSClient {
    sns ??= instrument(new SNSClient({}), 'SNS');
    return sns;
  },
  cognito(): CognitoIdentityProviderClient {
    cognito ??= instrument(new CognitoIdentityProviderClient({}), 'Cognito');
    return cognito;
  },
};
