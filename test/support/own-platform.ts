// A local platform of a test file's own (its own emulator, stacks and API), for tests that
// change platform-wide state (kill switches) or inject faults into every AWS call: the
// shared platform other files use is left alone. Its log lines are dropped.
import { startLocalPlatform, type LocalPlatform } from '../../infra/local/platform';
import { setLogSink } from '../../shared/platform/logger';

export async function startOwnPlatform(): Promise<LocalPlatform> {
  setLogSink(() => undefined);
  const env = { ...process.env };
  delete env.AWS_ENDPOINT_URL;
  return startLocalPlatform({ port: 0, env, retryDelaySeconds: 1 });
}
