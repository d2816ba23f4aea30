// The AWS emulator: moto_server on a free loopback port, or the one AWS_ENDPOINT_URL names.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const SERIAL_SERVER = path.join(import.meta.dirname, 'moto_serial.py');

export interface Emulator {
  readonly endpoint: string;
  /** True when this process started it (and so stops it). */
  readonly owned: boolean;
  /** The emulator's process id, where this process started it (for CPU accounting). */
  readonly pid?: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(
  endpoint: string,
  child?: ChildProcess,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`moto_server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      if (res.ok) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`the emulator at ${endpoint} did not answer within ${timeoutMs} ms`, {
    cause: lastError,
  });
}

export async function startEmulator(env: NodeJS.ProcessEnv = process.env): Promise<Emulator> {
  const external = env.AWS_ENDPOINT_URL;
  if (external) {
    await waitUntilUp(external.replace(/\/$/, ''));
    return { endpoint: external.replace(/\/$/, ''), owned: false, stop: async () => undefined };
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // moto's own app behind a lock, so conditional writes and transactions are atomic
  // under concurrent requests (see moto_serial.py and docs/local-runtime.md).
  const python = env.FINPLAT_PYTHON ?? 'python3';
  const child = spawn(python, [SERIAL_SERVER, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
    // Staff MFA codes are checked as Cognito checks them (RFC 6238), against the
    // emulator's one TOTP secret (infra/local/totp.ts).
    env: { ...env, MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP: 'true' },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (e) =>
      reject(
        new Error(
          `could not start the emulator with ${python} (${e.message}). Install moto with: pip install "moto[server]>=5.2"`,
          { cause: e },
        ),
      ),
    ),
  );
  try {
    await Promise.race([waitUntilUp(endpoint, child), spawnError]);
  } catch (error) {
    killGroup(child);
    throw new Error(`${(error as Error).message}\n${stderr}`, { cause: error });
  }
  return {
    endpoint,
    owned: true,
    ...(child.pid !== undefined ? { pid: child.pid } : {}),
    stop: async () => {
      killGroup(child);
      await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
    },
  };
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}
