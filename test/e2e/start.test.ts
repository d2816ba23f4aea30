// `npm start` as a user runs it: one ready line, a working API, and Ctrl-C stopping the
// API and the emulator.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('npm start', () => {
  it('prints one ready line with both addresses, serves the API, and stops everything on SIGINT', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0' };
    delete env.AWS_ENDPOINT_URL;
    const child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready:\n${out}`)), 90_000);
      const check = () => {
        const m =
          /ready in [\d.]+ s: API (http:\/\/localhost:\d+) · AWS emulator (http:\/\/127\.0\.0\.1:\d+)/.exec(
            out,
          );
        if (m) {
          clearTimeout(timer);
          resolve(m);
        }
      };
      child.stdout.on('data', check);
      child.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
    });
    const [, apiUrl, emulator] = ready;
    const docs = await fetch(`${apiUrl}/v1/legal-documents`);
    expect(docs.status).toBe(200);
    expect((await fetch(`${emulator}/moto-api/data.json`)).status).toBe(200);

    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    process.kill(-(child.pid as number), 'SIGINT'); // what Ctrl-C does: the whole process group
    await exited;
    // The platform stops after npm: give it its moment, then nothing may answer.
    for (let i = 0; i < 20 && /stopping/.test(out) === false; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('SIGINT: stopping the API, pollers and emulator');
    // Both stop answering (a refused connection), within a deadline.
    const refused = async (url: string) => {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
        try {
          await fetch(url);
        } catch {
          return true;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      return false;
    };
    expect(await refused(`${emulator}/moto-api/data.json`)).toBe(true);
    expect(await refused(`${apiUrl}/v1/legal-documents`)).toBe(true);
  }, 120_000);
});
