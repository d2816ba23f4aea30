// Test and benchmark instrumentation of the AWS SDK clients, installed from the outside
// (platform/aws/clients.ts: onClientCreated): requests counted per function and operation,
// a tap that sees every request's input, and injected faults. Import this module before
// any client is created (global setup, the test file, the benchmark).
import { onClientCreated } from '../../shared/platform/aws/clients';
import { currentEnv } from '../../shared/platform/config';

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

onClientCreated((client, service) => {
  client.middlewareStack.add(
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
    { step: 'initialize', name: 'testInstrumentation' },
  );
});
