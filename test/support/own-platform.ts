// A local platform of a test file's own (its own emulator, stacks and API), for tests that
// change platform-wide state (kill switches) or inject faults into every AWS call: the
// shared platform other files use is left alone. Its log lines are dropped.
import { afterAll, beforeAll, vi } from 'vitest';
import { startLocalPlatform, type LocalPlatform } from '../../infra/local/platform';
import { setLogSink } from '../../shared/platform/logger';
import { World } from './world';

export async function startOwnPlatform(): Promise<LocalPlatform> {
  setLogSink(() => undefined);
  const env = { ...process.env };
  delete env.AWS_ENDPOINT_URL;
  return startLocalPlatform({ port: 0, env, retryDelaySeconds: 1 });
}

/**
 * A platform of the file's own whose calendar the tests move (`moveCalendarTo`): started
 * before the file's tests with these staff members signed in first (TOTP needs the real
 * time), then handed to `ready`; stopped, and the real clock back, after them.
 */
export function ownPlatformWithCalendar(
  roles: readonly string[],
  ready: (platform: LocalPlatform, world: World, staffTokens: string[]) => void,
): void {
  let platform: LocalPlatform | undefined;
  beforeAll(async () => {
    platform = await startOwnPlatform();
    const world = new World(platform.apiUrl);
    ready(platform, world, await Promise.all(roles.map((r) => world.staffToken(r))));
  }, 120_000);
  afterAll(async () => {
    vi.useRealTimers();
    await platform?.stop();
  });
}

/** Moves the calendar to `iso` (time keeps running from there). */
export function moveCalendarTo(iso: string): void {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(new Date(iso));
}
