// The functions of the API stack, run in-process: their environment is the one the
// synthesized template gives each Lambda (imports resolved against the emulator's
// exports), so a function sees only its own variables, as in AWS.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { FUNCTIONS, type FunctionName } from '../../functions/catalog';
import { functionEnvironment } from '../../shared/platform/config';
import { evaluate, type EvalContext, type Json } from './cfn-eval';
import type { Template } from './deployer';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface LocalFunction {
  readonly name: FunctionName;
  readonly logicalId: string;
  readonly entry: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** ARN of the dead-letter queue of its asynchronous invocations (DeadLetterConfig). */
  readonly deadLetterArn?: string;
}

export interface EventSource {
  readonly fn: FunctionName;
  readonly queueArn: string;
  readonly batchSize: number;
  readonly reportBatchItemFailures: boolean;
}

/** A DynamoDB change-stream event-source mapping. */
export interface StreamSource {
  readonly fn: FunctionName;
  readonly streamArn: string;
  readonly batchSize: number;
  readonly reportBatchItemFailures: boolean;
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  readonly maximumRetryAttempts: number;
  /** FilterCriteria patterns (JSON strings); a record passes if one matches. */
  readonly filterPatterns: readonly string[];
  /** ARN of the on-failure destination (an SQS queue). */
  readonly onFailureArn?: string;
}

export interface Schedule {
  readonly fn: FunctionName;
  readonly everyMinutes: number;
}

/** A function subscribed to an SNS topic (protocol lambda). */
export interface TopicSubscription {
  readonly fn: FunctionName;
  readonly topicArn: string;
}

export function resolveFunctions(
  api: Template,
  ctx: EvalContext,
): {
  functions: Map<FunctionName, LocalFunction>;
  sources: EventSource[];
  streams: StreamSource[];
  schedules: Schedule[];
  subscriptions: TopicSubscription[];
} {
  const functions = new Map<FunctionName, LocalFunction>();
  const byLogicalId = new Map<string, FunctionName>();
  for (const [id, res] of Object.entries(api.Resources)) {
    if (res.Type !== 'AWS::Lambda::Function') continue;
    const name = (res as { Metadata?: Record<string, string> }).Metadata?.['platform:function'] as
      FunctionName | undefined;
    if (!name || !(name in FUNCTIONS)) continue;
    const props = res.Properties ?? {};
    const vars = ((props.Environment as { Variables?: Record<string, Json> } | undefined)
      ?.Variables ?? {}) as Record<string, Json>;
    const environment = Object.fromEntries(
      Object.entries(vars).map(([k, v]) => [k, String(evaluate(v, ctx))]),
    );
    const deadLetter = (props.DeadLetterConfig as { TargetArn?: Json } | undefined)?.TargetArn;
    functions.set(name, {
      name,
      logicalId: id,
      entry: FUNCTIONS[name].entry,
      environment,
      timeoutMs: Number(props.Timeout ?? 3) * 1000,
      ...(deadLetter ? { deadLetterArn: String(evaluate(deadLetter, ctx)) } : {}),
    });
    byLogicalId.set(id, name);
  }
  const sources: EventSource[] = [];
  const streams: StreamSource[] = [];
  for (const res of Object.values(api.Resources)) {
    if (res.Type !== 'AWS::Lambda::EventSourceMapping') continue;
    const p = res.Properties ?? {};
    const fnRef = (p.FunctionName as { Ref?: string } | undefined)?.Ref;
    const fn = fnRef ? byLogicalId.get(fnRef) : undefined;
    if (!fn) continue;
    const arn = String(evaluate(p.EventSourceArn as Json, ctx));
    const reportBatchItemFailures = (
      (p.FunctionResponseTypes as string[] | undefined) ?? []
    ).includes('ReportBatchItemFailures');
    if (arn.startsWith('arn:aws:sqs:')) {
      sources.push({
        fn,
        queueArn: arn,
        batchSize: Number(p.BatchSize ?? 10),
        reportBatchItemFailures,
      });
      continue;
    }
    if (!/^arn:aws:dynamodb:.*\/stream\//.test(arn))
      throw new Error(`event source of ${fn}: ${arn} is neither a queue nor a table stream`);
    const onFailure = (p.DestinationConfig as { OnFailure?: { Destination?: Json } } | undefined)
      ?.OnFailure?.Destination;
    streams.push({
      fn,
      streamArn: arn,
      batchSize: Number(p.BatchSize ?? 100),
      reportBatchItemFailures,
      startingPosition: p.StartingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON',
      // -1 (the default) is "until the record expires"; locally that is bounded.
      maximumRetryAttempts: Math.max(0, Number(p.MaximumRetryAttempts ?? 10)),
      filterPatterns: (
        (p.FilterCriteria as { Filters?: { Pattern: string }[] } | undefined)?.Filters ?? []
      ).map((f) => f.Pattern),
      ...(onFailure ? { onFailureArn: String(evaluate(onFailure, ctx)) } : {}),
    });
  }
  const schedules: Schedule[] = [];
  for (const res of Object.values(api.Resources)) {
    if (res.Type !== 'AWS::Events::Rule') continue;
    const p = res.Properties ?? {};
    const minutes = /^rate\((\d+) minutes?\)$/.exec(String(p.ScheduleExpression ?? ''))?.[1];
    for (const target of (p.Targets as { Arn?: { 'Fn::GetAtt'?: [string] } }[] | undefined) ?? []) {
      const fn = byLogicalId.get(target.Arn?.['Fn::GetAtt']?.[0] ?? '');
      if (fn && minutes) schedules.push({ fn, everyMinutes: Number(minutes) });
    }
  }
  const subscriptions: TopicSubscription[] = [];
  for (const res of Object.values(api.Resources)) {
    if (res.Type !== 'AWS::SNS::Subscription' || res.Properties?.Protocol !== 'lambda') continue;
    const endpoint = res.Properties.Endpoint as { 'Fn::GetAtt'?: [string] } | undefined;
    const fn = byLogicalId.get(endpoint?.['Fn::GetAtt']?.[0] ?? '');
    if (!fn) throw new Error('an SNS subscription names a function the template does not hold');
    subscriptions.push({ fn, topicArn: String(evaluate(res.Properties.TopicArn as Json, ctx)) });
  }
  return { functions, sources, streams, schedules, subscriptions };
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;
const modules = new Map<string, Promise<Handler>>();

function load(entry: string): Promise<Handler> {
  let h = modules.get(entry);
  if (!h) {
    h = import(pathToFileURL(path.join(ROOT, entry)).href).then((m: { handler?: Handler }) => {
      if (typeof m.handler !== 'function') throw new Error(`${entry} exports no handler`);
      return m.handler;
    });
    modules.set(entry, h);
  }
  return h;
}

export class FunctionTimeoutError extends Error {
  override readonly name = 'FunctionTimeoutError';
}

/** Each function's environment, made once (as a Lambda's is, at its cold start). */
const environments = new WeakMap<LocalFunction, NodeJS.ProcessEnv>();

/** Keeps an event whose asynchronous invocation failed every attempt (a DLQ's sender). */
export type DeadLetter = (fn: LocalFunction, event: unknown, error: unknown) => Promise<void>;

/**
 * Invokes a function asynchronously as Lambda does for a schedule or an SNS notification: a
 * failed attempt is retried twice, then the event goes to the function's dead-letter queue
 * with its error (or, without one, is lost, as in AWS: the error is returned to be logged).
 */
export async function invokeAsync(
  fn: LocalFunction,
  event: unknown,
  deadLetter: DeadLetter,
  retries = 2,
): Promise<{ ok: true } | { ok: false; error: unknown; deadLettered: boolean }> {
  let error: unknown;
  for (let attempt = 0; attempt <= retries; attempt += 1) {
    try {
      await invoke(fn, event);
      return { ok: true };
    } catch (e) {
      error = e;
    }
  }
  if (!fn.deadLetterArn) return { ok: false, error, deadLettered: false };
  await deadLetter(fn, event, error);
  return { ok: false, error, deadLettered: true };
}

/** Invokes a function as Lambda would: its own environment, a context, its timeout. */
export async function invoke(fn: LocalFunction, event: unknown): Promise<unknown> {
  const handler = await load(fn.entry);
  const started = Date.now();
  const context = {
    awsRequestId: randomUUID(),
    functionName: fn.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${fn.name}`,
    memoryLimitInMB: '256',
    logGroupName: `/aws/lambda/${fn.name}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, fn.timeoutMs - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  } as Context;
  let env = environments.get(fn);
  if (!env) {
    env = { ...process.env, ...fn.environment, AWS_LAMBDA_FUNCTION_NAME: fn.name };
    environments.set(fn, env);
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      functionEnvironment.run(env, () => handler(event, context)),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new FunctionTimeoutError(`${fn.name} timed out after ${fn.timeoutMs} ms`)),
          fn.timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
