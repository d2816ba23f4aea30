// The whole platform, locally: emulator, stateful stacks deployed from the synthesized
// templates, seeded staff users, the API gateway and the queue pollers. `npm start` and
// the test suite's global setup both call startLocalPlatform.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { randomUUID } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { STAFF_GROUPS, routesForStage } from '../../functions/routes';
import { STATEFUL_STACKS, stackName } from '../platform';
import type { EvalContext } from './cfn-eval';
import { LocalDeployer, type DeployedStack } from './deployer';
import { startEmulator, type Emulator } from './emulator';
import { logger } from '../../shared/platform/logger';
import {
  invoke,
  invokeAsync,
  resolveFunctions,
  type DeadLetter,
  type LocalFunction,
} from './functions';
import { LocalGateway } from './gateway';
import { seedPriceSeries } from './market-data';
import { ENV } from '../../shared/platform';
import { marketRiskSettingsSchema } from '../../shared/settings';
import { AlarmNotifier } from './alarm-notifier';
import { QueuePoller } from './poller';
import { StreamPoller } from './stream-poller';
import { onTableWrite } from './write-signal';
import { synthLocal } from './synth';
import { freshTotp } from './totp';
import { LOCAL_STAFF_PASSWORD, localStaffUsername } from './staff-users';

/**
 * Staff users seeded in the local stage, one per group (README lists them), signed in once
 * so their password is set and their authenticator enrolled: every sign-in then asks for
 * the code of the emulator's one TOTP secret (`npm run staff:code` prints it).
 */
export { LOCAL_STAFF_PASSWORD, localStaffUsername } from './staff-users';

export interface LocalPlatformOptions {
  /** API port; 0 picks a free one. @default 3000 */
  readonly port?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly retryDelaySeconds?: number;
  /**
   * Scheduled functions of at most an hourly rate run this often locally; daily jobs
   * (reconciliation) run on demand only: every run reads whole tables. @default 60
   */
  readonly scheduleSeconds?: number;
}

export interface LocalPlatform {
  readonly apiUrl: string;
  readonly endpoint: string;
  /** Whether this process started the emulator (and so stops it). */
  readonly emulatorOwned: boolean;
  readonly region: string;
  readonly stacks: ReadonlyMap<string, DeployedStack>;
  readonly functions: ReadonlyMap<string, LocalFunction>;
  readonly queues: Readonly<Record<string, { url: string; dlqUrl?: string }>>;
  readonly userPoolId: string;
  readonly staffPoolId: string;
  /** The emulator's process id, where this process started it. */
  readonly emulatorPid?: number;
  /** Invokes a function directly (as a schedule or the console would). */
  invoke(name: string, event: unknown): Promise<unknown>;
  /** Pauses or resumes every queue and stream consumer (the benchmark's cost accounting). */
  pauseConsumers(paused: boolean): void;
  stop(): Promise<void>;
}

export async function startLocalPlatform(opts: LocalPlatformOptions = {}): Promise<LocalPlatform> {
  const env = opts.env ?? process.env;
  const emulator: Emulator = await startEmulator(env);
  try {
    return await bringUp(emulator, opts);
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}

async function bringUp(emulator: Emulator, opts: LocalPlatformOptions): Promise<LocalPlatform> {
  const assembly = synthLocal();
  const { config } = assembly;
  // In-process functions use the emulator through the SDK's standard variables.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: emulator.endpoint,
    AWS_REGION: config.region,
    AWS_DEFAULT_REGION: config.region,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
  });
  const target = { endpoint: emulator.endpoint, region: config.region, account: config.account };
  const deployer = new LocalDeployer(target);
  await deployer.bootstrap();
  const stacks = new Map<string, DeployedStack>();
  for (const part of STATEFUL_STACKS) {
    const name = stackName(config, part);
    stacks.set(part, await deployer.deploy(name, assembly.template(part)));
  }

  const auth = stacks.get('Auth');
  const byId = (prefix: string, type: string) =>
    [...(auth?.resources.entries() ?? [])].filter(
      ([id, r]) => id.startsWith(prefix) && r.type === type,
    );
  const [customerPool] = byId('UserPool', 'AWS::Cognito::UserPool').map(([, r]) => r);
  const [staffPool] = byId('StaffPool', 'AWS::Cognito::UserPool').map(([, r]) => r);
  if (!customerPool || !staffPool) throw new Error('the Auth stack lacks a user pool');
  const clientsOf = (poolRef: string) =>
    [...(auth?.resources.values() ?? [])]
      .filter((r) => r.type === 'AWS::Cognito::UserPoolClient' && r.attrs.UserPoolId === poolRef)
      .map((r) => r.ref);
  const staffClients = clientsOf(staffPool.ref);
  await seedStaff(target, staffPool.ref, staffClients[0] ?? '');

  const ctx: EvalContext = {
    region: config.region,
    account: config.account,
    stackName: stackName(config, 'Functions'),
    resources: new Map(),
    exports: deployer.allExports,
  };
  const { functions, sources, streams, schedules, subscriptions } = resolveFunctions(
    assembly.template('Functions'),
    ctx,
  );

  // The local stage's price files, so the market-risk job can run at once (ADR 0026).
  const market = functions.get('opsMarketRisk');
  if (market) {
    const env = market.environment;
    await seedPriceSeries(
      env[ENV.tables.risk] ?? '',
      marketRiskSettingsSchema().parse(JSON.parse(env[ENV.marketRiskSettings] ?? '{}')),
    );
  }

  const gateway = new LocalGateway({
    port: opts.port ?? 3000,
    stage: config.stage,
    routes: routesForStage(config.stage),
    functions,
    corsOrigins: config.api.corsOrigins,
    routeThrottles: config.api.routeThrottles,
    cognito: {
      endpoint: emulator.endpoint,
      region: config.region,
      pools: {
        customer: { userPoolId: customerPool.ref, clientIds: clientsOf(customerPool.ref) },
        staff: { userPoolId: staffPool.ref, clientIds: staffClients },
      },
    },
  });
  await gateway.listen();

  // The in-process stacks' alarms exist in the emulator too, so each runbook can be drilled.
  for (const part of ['Functions', 'Api'] as const)
    await deployer.createAlarmsOf(stackName(config, part), assembly.template(part));

  const sqs = new SQSClient({ cacheMiddleware: true });
  const queues: Record<string, { url: string; dlqUrl?: string }> = {};
  const messaging = stacks.get('Messaging');
  const queueByArn = new Map(
    [...(messaging?.resources.values() ?? [])]
      .filter((r) => r.type === 'AWS::SQS::Queue')
      .map((r) => [r.attrs.Arn, r.ref]),
  );
  // An asynchronous invocation that keeps failing goes to the function's DLQ, as Lambda
  // sends it: the event as the body, the error in message attributes.
  const deadLetter: DeadLetter = async (fn, event, error) => {
    const url = fn.deadLetterArn ? queueByArn.get(fn.deadLetterArn) : undefined;
    if (!url) throw new Error(`${fn.name}: dead-letter queue ${fn.deadLetterArn} not deployed`);
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: JSON.stringify(event),
        MessageAttributes: {
          RequestID: { DataType: 'String', StringValue: randomUUID() },
          ErrorCode: { DataType: 'Number', StringValue: '200' },
          ErrorMessage: {
            DataType: 'String',
            StringValue: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
          },
        },
      }),
    );
  };
  // Alarm notifications reach the topic's subscribers (the incident intake) as in AWS.
  const alarmNotifier = new AlarmNotifier({
    region: config.region,
    account: config.account,
    subscriptions,
    functions,
    deadLetter,
  });
  await alarmNotifier.start();
  const pollers: (QueuePoller | StreamPoller)[] = [];
  const streamPollers: StreamPoller[] = [];
  const stopWriteSignal = onTableWrite(() => {
    for (const p of streamPollers) p.wake();
  });
  for (const source of sources) {
    const fn = functions.get(source.fn);
    const queueUrl = queueByArn.get(source.queueArn);
    if (!fn || !queueUrl)
      throw new Error(`event source of ${source.fn}: queue ${source.queueArn} not deployed`);
    const poller = new QueuePoller({
      source,
      fn,
      queueUrl,
      sqs,
      region: config.region,
      retryDelaySeconds: opts.retryDelaySeconds ?? 1,
    });
    poller.start();
    pollers.push(poller);
    queues[source.fn] = { url: queueUrl };
  }
  for (const source of streams) {
    const fn = functions.get(source.fn);
    if (!fn) throw new Error(`stream source of ${source.fn}: function not found`);
    const onFailureUrl = source.onFailureArn ? queueByArn.get(source.onFailureArn) : undefined;
    if (source.onFailureArn && !onFailureUrl)
      throw new Error(`stream source of ${source.fn}: ${source.onFailureArn} not deployed`);
    const poller = new StreamPoller({
      source,
      fn,
      sqs,
      region: config.region,
      retryDelaySeconds: opts.retryDelaySeconds ?? 1,
      ...(onFailureUrl ? { onFailureUrl } : {}),
    });
    poller.start();
    pollers.push(poller);
    streamPollers.push(poller);
  }

  // Scheduled runs in flight: stopping waits for them, so none calls the emulator after it
  // has gone (a rejection there would end the process).
  const scheduledRuns = new Set<Promise<void>>();
  const timers = schedules
    .filter((s) => s.everyMinutes <= 60)
    .map((s) => {
      const fn = functions.get(s.fn);
      return setInterval(
        () => {
          if (!fn) return;
          const run: Promise<void> = invokeAsync(
            fn,
            { source: 'aws.events', 'detail-type': 'Scheduled Event' },
            deadLetter,
          )
            .then((outcome) => {
              if (!outcome.ok) {
                logger.error('scheduled function failed', {
                  fn: s.fn,
                  error: outcome.error,
                  deadLettered: outcome.deadLettered,
                });
              }
            })
            .catch((error: unknown) => {
              logger.error('scheduled function failed', { fn: s.fn, error, deadLettered: false });
            })
            .finally(() => scheduledRuns.delete(run));
          scheduledRuns.add(run);
        },
        (opts.scheduleSeconds ?? 60) * 1000,
      );
    });

  return {
    apiUrl: gateway.url,
    endpoint: emulator.endpoint,
    emulatorOwned: emulator.owned,
    ...(emulator.pid !== undefined ? { emulatorPid: emulator.pid } : {}),
    region: config.region,
    stacks,
    functions,
    queues,
    userPoolId: customerPool.ref,
    staffPoolId: staffPool.ref,
    invoke: async (name: string, event: unknown) => {
      const fn = functions.get(name as never);
      if (!fn) throw new Error(`no function ${name}`);
      return invoke(fn, event);
    },
    pauseConsumers: (paused: boolean) => {
      for (const p of pollers) p.paused = paused;
    },
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...scheduledRuns]);
      await alarmNotifier.stop();
      stopWriteSignal();
      await Promise.allSettled(pollers.map((p) => p.stop()));
      await gateway.close();
      await emulator.stop();
    },
  };
}

async function seedStaff(
  target: { endpoint: string; region: string },
  userPoolId: string,
  clientId: string,
): Promise<void> {
  const cognito = new CognitoIdentityProviderClient({
    endpoint: target.endpoint,
    region: target.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  for (const group of STAFF_GROUPS) {
    const username = localStaffUsername(group);
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: username,
        TemporaryPassword: `${LOCAL_STAFF_PASSWORD}-temporary`,
        MessageAction: 'SUPPRESS',
      }),
    );
    await cognito.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: userPoolId,
        Username: username,
        GroupName: group,
      }),
    );
    // The first sign-in, as a new staff member makes it: new password, then enrolment.
    const first = await cognito.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: `${LOCAL_STAFF_PASSWORD}-temporary` },
      }),
    );
    const setup = await cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: first.Session,
        ChallengeResponses: { USERNAME: username, NEW_PASSWORD: LOCAL_STAFF_PASSWORD },
      }),
    );
    if (setup.ChallengeName !== 'MFA_SETUP')
      throw new Error(`staff pool did not ask ${username} to enrol MFA (${setup.ChallengeName})`);
    const secret = await cognito.send(
      new AssociateSoftwareTokenCommand({ Session: setup.Session }),
    );
    const verified = await cognito.send(
      new VerifySoftwareTokenCommand({
        Session: secret.Session ?? setup.Session,
        UserCode: await freshTotp(secret.SecretCode ?? ''),
      }),
    );
    await cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'MFA_SETUP',
        Session: verified.Session,
        ChallengeResponses: { USERNAME: username },
      }),
    );
  }
}
