// AWS's JSON protocol (DynamoDB, DynamoDB Streams) sent straight over Node's HTTP client,
// beside the SDK's command pipeline rather than through it. The SDK client stays the source
// of everything that is not the request itself: the region, the endpoint (its own endpoint
// rules, and AWS_ENDPOINT_URL for the local emulator), the credentials (its provider chain,
// cached and refreshed), the SigV4 signer and its retry strategy (attempts, backoff, retry
// quota); its error classes are what a failed request throws, so `instanceof
// TransactionCanceledException` and `error.name` read as before. What is left out is the
// per-call cost of its middleware, its schema-driven serializer and its HTTP handler: about
// 0.25 ms of CPU per request on these machines, most of the platform's own cost per
// transfer (README, Performance; ADR 0033).
//
// The request is the one the SDK sends (POST /, X-Amz-Target, application/x-amz-json-1.0,
// the same signer): test/unit/aws-json-http.test.ts has botocore check its signature.
import http from 'node:http';
import https from 'node:https';
import type { Instrumentable } from '../clients';

/** A service spoken in AWS's JSON 1.0 protocol, and its SDK module's exception classes. */
export interface JsonService {
  /** X-Amz-Target's prefix ("DynamoDB_20120810"). */
  readonly target: string;
  /** SigV4's name of the service ("dynamodb"). */
  readonly signingName: string;
  /** The SDK client's name, as hooks see it ("DynamoDBClient"). */
  readonly clientName: string;
  /** The SDK module: an exception class by the name the service answers with. */
  readonly exceptions: object;
  /** The module's base exception, for names it has no class for. */
  readonly base: new (opts: {
    name: string;
    $fault: 'client' | 'server';
    message: string;
    $metadata: object;
  }) => Error;
  /** The input as sent, once for all attempts (an idempotency token filled in). */
  readonly prepare?: (operation: string, input: object) => object;
  /** Throws where an answer does not bear out the request (SQS: its bodies' MD5). */
  readonly check?: (operation: string, input: object, output: unknown) => void;
  /** Headers every request carries (SQS: `x-amzn-query-mode`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The parts of the SDK client's resolved configuration the transport reads. */
interface SdkConfig {
  region: () => Promise<string>;
  useFipsEndpoint: () => Promise<boolean>;
  useDualstackEndpoint: () => Promise<boolean>;
  serviceConfiguredEndpoint?: () => Promise<string | undefined>;
  endpoint?: () => Promise<{ protocol: string; hostname: string; port?: number; path: string }>;
  endpointProvider: (params: Record<string, unknown>) => { url: URL };
  signer: (authScheme: { name: string; properties: object }) => Promise<Signer>;
  retryStrategy: () => Promise<RetryStrategy>;
  disableClockSkewCorrection?: boolean;
}

interface WireRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}
interface Signer {
  sign(
    request: WireRequest,
    opts: { signingDate: Date; signingRegion: string; signingService: string },
  ): Promise<WireRequest>;
}
type ErrorType = 'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR' | 'CLIENT_ERROR';
interface RetryToken {
  getRetryDelay(): number;
  readonly $retryLog?: { acquisitionDelay?: number };
}
interface RetryStrategy {
  acquireInitialRetryToken(scope: string): Promise<RetryToken>;
  refreshRetryTokenForRetry(
    token: RetryToken,
    info: { error: Error; errorType: ErrorType },
  ): Promise<RetryToken>;
  recordSuccess(token: RetryToken): void;
}

interface Setup {
  readonly url: URL;
  readonly agent: http.Agent;
  readonly signer: Signer;
  readonly region: string;
  readonly retry: RetryStrategy;
  readonly followClock: boolean;
}

// The SDK's classification (@smithy/core, retry: THROTTLING_ERROR_CODES and the rest, as of
// 3.1169; test/unit/aws-json-http.test.ts compares), for what the service and the network
// answer with. Only throttling and transient failures are retried, as the SDK's standard
// strategy does. There is no request timeout, as the SDK sets none: a write abandoned for
// slowness and sent again could apply twice (only a TransactWriteItems carries a token).
const THROTTLING = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
const TRANSIENT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
const NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** A clock off the service's by this much is corrected, and the refused request retried. */
const SKEW_MS = 240_000;
/** An answer that took longer than this says nothing about the service's clock. */
const STALE_ANSWER_MS = 900_000;

type Handler = (args: { input: object }) => Promise<unknown>;
type Middleware = (
  next: (a: unknown) => Promise<unknown>,
  ctx: { clientName?: string; commandName?: string },
) => (a: unknown) => Promise<unknown>;

/** One answer over HTTP: its status, the headers read here, and the body. */
interface Answer {
  status: number;
  requestId: string | undefined;
  date: string | undefined;
  /** An `Age` header: the answer came from a cache, its date is not the service's clock. */
  age: string | undefined;
  errorType: string | undefined;
  /** SQS's `x-amzn-query-error`: the error's code and type in its older (query) protocol. */
  queryError: string | undefined;
  text: string;
}

export class AwsJsonHttp implements Instrumentable {
  private readonly wrappers: Middleware[] = [];
  private setup: Promise<Setup> | undefined;
  private clockOffsetMs = 0;

  /** Tests and the local runtime add their hooks here (shared/platform/aws/clients.ts). */
  readonly middlewareStack = {
    add: (mw: Middleware, _opts: { step: 'initialize'; name: string }) => {
      this.wrappers.push(mw);
    },
  };

  constructor(
    private readonly sdk: { config: unknown },
    private readonly service: JsonService,
  ) {}

  /**
   * Sends `operation` (e.g. "GetItem") with its input in the service's wire shapes; an
   * aborted `signal` ends it (and its retries) with an AbortError.
   */
  send(operation: string, input: object, signal?: AbortSignal): Promise<unknown> {
    let handler: Handler = (args) => this.attempts(operation, args.input, signal);
    if (this.wrappers.length) {
      const ctx = { clientName: this.service.clientName, commandName: `${operation}Command` };
      for (let i = this.wrappers.length - 1; i >= 0; i--) {
        handler = this.wrappers[i]!(handler as (a: unknown) => Promise<unknown>, ctx) as Handler;
      }
    }
    return handler({ input });
  }

  private async attempts(
    operation: string,
    input: object,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    const setup = await this.configured();
    const sent = this.service.prepare?.(operation, input) ?? input;
    const body = stringify(sent);
    let token = await setup.retry.acquireInitialRetryToken(this.service.signingName);
    let retryDelay = 0;
    for (let attempt = 1; ; attempt++) {
      let error: Error & { $metadata?: object };
      let errorType: ErrorType;
      try {
        const sentAt = Date.now();
        const answer = await this.exchange(setup, operation, body, signal);
        const skewed = setup.followClock && this.followClock(answer, sentAt);
        if (answer.status < 300) {
          setup.retry.recordSuccess(token);
          const output = answer.text ? parse(answer.text) : {};
          this.service.check?.(operation, sent, output);
          return output;
        }
        error = this.failure(answer);
        errorType = classify(error, answer.status, skewed);
      } catch (cause) {
        const code = (cause as NodeJS.ErrnoException).code ?? '';
        if (!NETWORK.has(code)) throw cause;
        error = cause as Error;
        errorType = 'TRANSIENT';
      }
      let next: RetryToken;
      try {
        if (errorType !== 'THROTTLING' && errorType !== 'TRANSIENT') throw error;
        next = await setup.retry.refreshRetryTokenForRetry(token, { error, errorType });
      } catch {
        error.$metadata = { ...error.$metadata, attempts: attempt, totalRetryDelay: retryDelay };
        throw error;
      }
      // As the SDK's retry middleware: a strategy may wait before it answers (this version
      // does) or leave the wait to the caller (earlier ones did).
      token = next;
      const delay = next.getRetryDelay();
      retryDelay += (next.$retryLog?.acquisitionDelay ?? 0) + delay;
      signal?.throwIfAborted();
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    }
  }

  /** The configuration, resolved once; a failure to resolve it is not kept. */
  private configured(): Promise<Setup> {
    this.setup ??= this.resolve().catch((error: unknown) => {
      this.setup = undefined;
      throw error;
    });
    return this.setup;
  }

  private async resolve(): Promise<Setup> {
    const config = this.sdk.config as SdkConfig;
    // The SDK in Lambda is the runtime's (bundles leave @aws-sdk/* out), not necessarily the
    // one tested: what is read of its configuration is checked, and named if missing.
    for (const key of ['region', 'endpointProvider', 'signer', 'retryStrategy'] as const)
      if (typeof config[key] !== 'function')
        throw new TypeError(`the AWS SDK's client configuration has no ${key}()`);
    const region = await config.region();
    const custom = config.endpoint
      ? await config.endpoint()
      : await config.serviceConfiguredEndpoint?.();
    const Endpoint =
      typeof custom === 'object'
        ? `${custom.protocol}//${custom.hostname}${custom.port ? `:${custom.port}` : ''}${custom.path}`
        : custom;
    const { url } = config.endpointProvider({
      Region: region,
      UseFIPS: await config.useFipsEndpoint(),
      UseDualStack: await config.useDualstackEndpoint(),
      Endpoint,
      AccountIdEndpointMode: 'disabled',
    });
    const Agent = url.protocol === 'http:' ? http.Agent : https.Agent;
    const retry = await config.retryStrategy();
    if (typeof retry.acquireInitialRetryToken !== 'function')
      throw new TypeError("the AWS SDK's retry strategy is not a RetryStrategyV2");
    return {
      url,
      region,
      agent: new Agent({ keepAlive: true, maxSockets: 50 }),
      signer: await config.signer({ name: 'sigv4', properties: {} }),
      retry,
      followClock: config.disableClockSkewCorrection !== true,
    };
  }

  private async exchange(
    setup: Setup,
    operation: string,
    body: string,
    signal: AbortSignal | undefined,
  ): Promise<Answer> {
    const { url } = setup;
    const headers: Record<string, string> = {
      host: url.host,
      'content-type': 'application/x-amz-json-1.0',
      'content-length': String(Buffer.byteLength(body)),
      'x-amz-target': `${this.service.target}.${operation}`,
      ...this.service.headers,
    };
    // In Lambda, the invocation's X-Ray trace goes with the request, as the SDK's recursion
    // detection sends it: SQS passes it on (AWSTraceHeader) and Lambda stops a loop of
    // functions triggering each other by it. SigV4 does not sign it.
    const traceId = process.env._X_AMZN_TRACE_ID;
    if (process.env.AWS_LAMBDA_FUNCTION_NAME && traceId) headers['x-amzn-trace-id'] = traceId;
    const signed = await setup.signer.sign(
      {
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query: {},
        headers,
        body,
      },
      {
        signingDate: new Date(Date.now() + this.clockOffsetMs),
        signingRegion: setup.region,
        signingService: this.service.signingName,
      },
    );
    const send = url.protocol === 'http:' ? http.request : https.request;
    return new Promise<Answer>((resolve, reject) => {
      const req = send(
        {
          agent: setup.agent,
          method: 'POST',
          hostname: url.hostname,
          port: url.port || undefined,
          path: url.pathname,
          headers: signed.headers,
          signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const header = (name: string) => {
              const v = res.headers[name];
              return Array.isArray(v) ? v[0] : v;
            };
            resolve({
              status: res.statusCode ?? 0,
              requestId: header('x-amzn-requestid'),
              date: header('date'),
              age: header('age'),
              errorType: header('x-amzn-errortype'),
              queryError: header('x-amzn-query-error'),
              text:
                chunks.length === 1
                  ? chunks[0]!.toString('utf8')
                  : Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /**
   * Signs by the service's clock from now on, as the SDK does (getUpdatedSystemClockOffset):
   * true where that corrected a skew past four minutes, so the refused request is retried.
   */
  private followClock(answer: Answer, sentAt: number): boolean {
    if (answer.age !== undefined || !answer.date) return false;
    const server = Date.parse(answer.date);
    const now = Date.now();
    if (Number.isNaN(server) || now - sentAt > STALE_ANSWER_MS) return false;
    const before = this.clockOffsetMs;
    this.clockOffsetMs = server - now;
    return Math.abs(this.clockOffsetMs) >= SKEW_MS && this.clockOffsetMs !== before;
  }

  /** The SDK's error for an answer: its exception class where the service names one. */
  private failure(answer: Answer): Error & { $metadata?: object } {
    let doc: Record<string, unknown> = {};
    try {
      const parsed = answer.text ? parse(answer.text) : undefined;
      if (parsed && typeof parsed === 'object') doc = parsed as Record<string, unknown>;
    } catch {
      // not JSON (a proxy's page): the status names the failure
    }
    const type = (doc.__type as string | undefined) ?? answer.errorType ?? '';
    const name = type.slice(type.lastIndexOf('#') + 1).split(':')[0] || `Http${answer.status}`;
    const message = String(doc.message ?? doc.Message ?? name);
    const $metadata = { httpStatusCode: answer.status, requestId: answer.requestId, attempts: 1 };
    const { exceptions, base } = this.service;
    const known = (exceptions as Record<string, unknown>)[name];
    const Ctor =
      typeof known === 'function' && known.prototype instanceof base
        ? (known as new (opts: object) => Error)
        : undefined;
    const { __type: _, ...fields } = doc;
    const error = Ctor
      ? new Ctor({ ...fields, message, $metadata })
      : new base({ name, $fault: answer.status >= 500 ? 'server' : 'client', message, $metadata });
    // SQS also names the error as its query protocol did ("AWS.SimpleQueueService.
    // NonExistentQueue;Sender"): the SDK puts that on the error as Code and Type.
    if (answer.queryError) {
      const [Code, Type] = answer.queryError.split(';');
      Object.assign(error, { Code, Type });
    }
    return error;
  }
}

/** How the SDK's standard retry strategy classifies a failed answer (exported for its test). */
export function classify(
  error: Error & { $retryable?: { throttling?: boolean } },
  status: number,
  clockCorrected: boolean,
): ErrorType {
  const { name, $retryable } = error;
  if (THROTTLING.has(name) || status === 429 || $retryable?.throttling) return 'THROTTLING';
  // An exception the service's model marks retryable (DynamoDB's
  // ReplicatedWriteConflictException), and a signature refused for our clock, sent again
  // signed by the service's.
  if (
    $retryable !== undefined ||
    TRANSIENT.has(name) ||
    TRANSIENT_STATUS.has(status) ||
    clockCorrected ||
    (name === 'InvalidSignatureException' && error.message.includes('Signature expired'))
  )
    return 'TRANSIENT';
  return status >= 500 ? 'SERVER_ERROR' : 'CLIENT_ERROR';
}

// Binary attribute values travel as base64 (B, and each member of BS).
function binaryToBase64(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Uint8Array
    ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64')
    : value;
}
function base64ToBinary(key: string, value: unknown): unknown {
  if (key === 'B' && typeof value === 'string') return new Uint8Array(Buffer.from(value, 'base64'));
  if (key === 'BS' && Array.isArray(value))
    return value.map((v) => (typeof v === 'string' ? new Uint8Array(Buffer.from(v, 'base64')) : v));
  return value;
}
/** JSON of a request; binary values as base64. */
export function stringify(input: object): string {
  return JSON.stringify(input, binaryToBase64);
}
/** A response's JSON; binary values (an attribute's B or BS) as bytes. */
export function parse(text: string): unknown {
  // An attribute value's "B" (or "BS") only appears in an answer holding binary values.
  return text.includes('"B') ? JSON.parse(text, base64ToBinary) : JSON.parse(text);
}
