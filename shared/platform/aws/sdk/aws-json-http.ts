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
}
interface RetryStrategy {
  acquireInitialRetryToken(scope: string): Promise<RetryToken>;
  refreshRetryTokenForRetry(token: RetryToken, info: { errorType: ErrorType }): Promise<RetryToken>;
  recordSuccess(token: RetryToken): void;
}

interface Setup {
  readonly url: URL;
  readonly agent: http.Agent;
  readonly signer: Signer;
  readonly region: string;
  readonly retry: RetryStrategy;
}

// The SDK's classification (@smithy/core, retry: THROTTLING_ERROR_CODES and the rest), for
// what the service and the network answer with. Only throttling and transient failures are
// retried, as the SDK's standard strategy does.
const THROTTLING = new Set([
  'LimitExceededException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
const TRANSIENT = new Set(['RequestTimeout', 'RequestTimeoutException', 'TimeoutError']);
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
  'TimeoutError',
]);
/** Skew past which the signing clock follows the service's (the SDK's figure). */
const MAX_SKEW_MS = 300_000;
/**
 * A request with no answer for this long (past a long poll's wait) is abandoned and retried
 * (as a network error).
 */
const REQUEST_TIMEOUT_MS = 10_000;

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
  errorType: string | undefined;
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
    const setup = await (this.setup ??= this.resolve());
    const sent = this.service.prepare?.(operation, input) ?? input;
    const body = stringify(sent);
    const wait = (sent as { WaitTimeSeconds?: unknown }).WaitTimeSeconds;
    const timeoutMs = REQUEST_TIMEOUT_MS + (typeof wait === 'number' ? wait * 1000 : 0);
    let token = await setup.retry.acquireInitialRetryToken(this.service.signingName);
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      let error: Error & { $metadata?: object };
      let errorType: ErrorType;
      try {
        const answer = await this.exchange(setup, operation, body, { timeoutMs, signal });
        if (answer.status < 300) {
          setup.retry.recordSuccess(token);
          const output = answer.text ? parse(answer.text) : {};
          this.service.check?.(operation, sent, output);
          return output;
        }
        const skewed = this.followClock(answer.date);
        error = this.failure(answer);
        errorType = classify(error.name, answer.status, skewed);
      } catch (cause) {
        const code = (cause as NodeJS.ErrnoException).code ?? '';
        if (!NETWORK.has(code)) throw cause;
        error = cause as Error;
        errorType = 'TRANSIENT';
      }
      let next: RetryToken;
      try {
        if (errorType !== 'THROTTLING' && errorType !== 'TRANSIENT') throw error;
        next = await setup.retry.refreshRetryTokenForRetry(token, { errorType });
      } catch {
        error.$metadata = {
          ...error.$metadata,
          attempts: attempt,
          totalRetryDelay: Date.now() - started,
        };
        throw error;
      }
      token = next;
      await new Promise((r) => setTimeout(r, next.getRetryDelay()));
    }
  }

  private async resolve(): Promise<Setup> {
    const config = this.sdk.config as SdkConfig;
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
    return {
      url,
      region,
      agent: new Agent({ keepAlive: true, maxSockets: 50 }),
      signer: await config.signer({ name: 'sigv4', properties: {} }),
      retry: await config.retryStrategy(),
    };
  }

  private async exchange(
    setup: Setup,
    operation: string,
    body: string,
    opts: { timeoutMs: number; signal: AbortSignal | undefined },
  ): Promise<Answer> {
    const { url } = setup;
    const signed = await setup.signer.sign(
      {
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query: {},
        headers: {
          host: url.host,
          'content-type': 'application/x-amz-json-1.0',
          'content-length': String(Buffer.byteLength(body)),
          'x-amz-target': `${this.service.target}.${operation}`,
        },
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
          timeout: opts.timeoutMs,
          signal: opts.signal,
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
              errorType: header('x-amzn-errortype'),
              text:
                chunks.length === 1
                  ? chunks[0]!.toString('utf8')
                  : Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(
          Object.assign(new Error(`${this.service.target} did not answer in time`), {
            code: 'TimeoutError',
          }),
        ),
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** The service's clock, where ours is more than five minutes off it (as the SDK does). */
  private followClock(date: string | undefined): boolean {
    const server = date ? Date.parse(date) : NaN;
    if (Number.isNaN(server)) return false;
    const offset = server - Date.now();
    if (Math.abs(offset - this.clockOffsetMs) <= MAX_SKEW_MS) return false;
    this.clockOffsetMs = offset;
    return true;
  }

  /** The SDK's error for an answer: its exception class where the service names one. */
  private failure(answer: Answer): Error & { $metadata?: object } {
    let doc: Record<string, unknown> = {};
    try {
      doc = answer.text ? (parse(answer.text) as Record<string, unknown>) : {};
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
    if (Ctor) return new Ctor({ ...fields, message, $metadata });
    return new base({
      name,
      $fault: answer.status >= 500 ? 'server' : 'client',
      message,
      $metadata,
    });
  }
}

function classify(name: string, status: number, clockCorrected: boolean): ErrorType {
  if (THROTTLING.has(name) || status === 429) return 'THROTTLING';
  // A signature refused for our clock is sent again, signed by the service's.
  if (TRANSIENT.has(name) || TRANSIENT_STATUS.has(status) || clockCorrected) return 'TRANSIENT';
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
