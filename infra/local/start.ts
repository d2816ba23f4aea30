// `npm start`: the whole platform on this machine. PORT sets the API port (3000).
import { logger } from '../../shared/platform/logger';
import { startLocalPlatform } from './platform';

// Node 20 runs the local platform; deployed functions run Node 22. Silence the SDK's notice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const started = Date.now();
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`PORT must be a port number, got ${process.env.PORT}\n`);
  process.exit(2);
}

try {
  const platform = await startLocalPlatform({ port });
  process.stdout.write(
    `Finplat local ready in ${((Date.now() - started) / 1000).toFixed(1)} s: API ${platform.apiUrl} · AWS emulator ${platform.endpoint} (${platform.emulatorOwned ? 'Ctrl-C stops both' : 'Ctrl-C stops the API; the emulator is yours'})\n`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the API, pollers and emulator...\n`);
    await platform.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP'));
  // npm does not always pass a signal on to its script: stop when the parent goes away.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop('parent exited');
  }, 1000).unref();
} catch (error) {
  logger.error('local platform failed to start', { error });
  process.stderr.write(`\nFailed to start: ${(error as Error).message}\n`);
  process.exit(1);
}
