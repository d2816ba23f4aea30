// Composes one stage's stacks. Stateful stacks (monitoring, data, messaging, auth) are
// the ones the local runtime deploys into the emulator; the functions and API stacks are
// served in-process from their templates.
import { Tags, type App } from 'aws-cdk-lib';
import type { StageConfig } from './config';
import { ApiStack } from './stacks/api-stack';
import { AuthStack } from './stacks/auth-stack';
import { DataStack } from './stacks/data-stack';
import { FunctionsStack } from './stacks/functions-stack';
import { MessagingStack } from './stacks/messaging-stack';
import { MonitoringStack } from './stacks/monitoring-stack';

export interface Platform {
  readonly monitoring: MonitoringStack;
  readonly data: DataStack;
  readonly messaging: MessagingStack;
  readonly auth: AuthStack;
  readonly functions: FunctionsStack;
  readonly api: ApiStack;
}

/** Stacks the local runtime creates in the emulator, in dependency order. */
export const STATEFUL_STACKS = ['Monitoring', 'Data', 'Messaging', 'Auth'] as const;

export function stackName(config: StageConfig, part: string): string {
  return `Finplat-${config.stage}-${part}`;
}

export function buildPlatform(app: App, config: StageConfig): Platform {
  const env = { account: config.account, region: config.region };
  const name = (part: string) => stackName(config, part);
  const monitoring = new MonitoringStack(app, name('Monitoring'), { env, config });
  const data = new DataStack(app, name('Data'), { env, config });
  const messaging = new MessagingStack(app, name('Messaging'), {
    env,
    config,
    alarmTopic: monitoring.alarmTopic,
    keys: data.tierKeys,
  });
  const auth = new AuthStack(app, name('Auth'), { env, config });
  const functions = new FunctionsStack(app, name('Functions'), {
    env,
    config,
    data,
    messaging,
    auth,
    alarmTopic: monitoring.alarmTopic,
    logKey: monitoring.logKey,
  });
  const api = new ApiStack(app, name('Api'), {
    env,
    config,
    auth,
    functions,
    messaging,
    alarmTopic: monitoring.alarmTopic,
    logKey: monitoring.logKey,
  });
  for (const stack of [monitoring, data, messaging, auth, functions, api]) {
    // moto 5.2's CloudFormation reads KMS key tags as TagKey/TagValue and fails on the
    // standard Key/Value form, so the local stage leaves its keys untagged (docs/local-runtime.md).
    Tags.of(stack).add('platform:stage', config.stage, {
      ...(config.stage === 'local' ? { excludeResourceTypes: ['AWS::KMS::Key'] } : {}),
    });
  }
  return { monitoring, data, messaging, auth, functions, api };
}
