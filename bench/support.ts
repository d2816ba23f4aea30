// Helpers shared by the benchmarks: JSON over HTTP, onboarded customers, percentiles.
import type { LocalPlatform } from '../infra/local/platform';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { newApplicant } from './applicants';

export async function json(url: string, init: RequestInit) {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

export async function customer(apiUrl: string, platform: LocalPlatform) {
  const a = newApplicant();
  const reg = await json(`${apiUrl}/v1/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(a),
  });
  let code: string | undefined;
  for (let i = 0; i < 200 && !code; i++) {
    const out = await json(`${apiUrl}/local/outbox?phone=${a.phone}`, {});
    code = (out.body.messages as { body: string }[] | undefined)?.[0]?.body.match(
      /code is (\d+)/,
    )?.[1];
    if (!code) await new Promise((r) => setTimeout(r, 50));
  }
  const ver = await json(`${apiUrl}/v1/registrations/${String(reg.body.registrationId)}/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const login = await json(`${apiUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: a.phone, password: a.password }),
  });
  void platform;
  return { customerId: String(ver.body.customerId), token: String(login.body.idToken) };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Onboarded customers, each topped up with `amount` fen (settled T+0) when it is positive. */
export async function fundedCustomers(platform: LocalPlatform, n: number, amount: number) {
  const { apiUrl } = platform;
  const out: Awaited<ReturnType<typeof customer>>[] = [];
  // Eight at a time: a few hundred senders are onboarded in well under a minute.
  for (let i = 0; i < n; i += 8)
    out.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(8, n - i) }, () => customer(apiUrl, platform)),
      )),
    );
  if (amount <= 0) return out;
  for (const c of out) {
    await json(`${apiUrl}/v1/deposits`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: c.token,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ amount, currency: 'CNY' }),
    });
  }
  for (const c of out) {
    for (let i = 0; i < 200; i++) {
      const acct = await json(`${apiUrl}/v1/accounts/me`, { headers: { authorization: c.token } });
      if (Number(acct.body.balance) >= amount) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return out;
}

const TICK_MS = 10; // /proc reports CPU in clock ticks of 1/100 s

/** CPU milliseconds so far: this process (user + system) and the emulator's. */
export function cpuNow(platform: LocalPlatform): {
  node: number;
  system: number;
  emulator: number;
} {
  const u = process.cpuUsage();
  let emulator = NaN;
  if (platform.emulatorPid !== undefined) {
    const stat = readFileSync(`/proc/${platform.emulatorPid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    emulator = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  }
  return { node: (u.user + u.system) / 1000, system: u.system / 1000, emulator };
}

/**
 * Transfers a benchmark may send from one customer. The shipped rule set blocks more than
 * ten outflows from one customer in ten minutes (`outflow-burst-10min`, ADR 0012): a
 * benchmark spreads its transfers over enough customers to stay clear of it, as real
 * traffic from many customers would.
 */
export const TRANSFERS_PER_SENDER = 8;

/** Senders handed out in turn, each at most TRANSFERS_PER_SENDER times. */
export function senderPool<S>(senders: readonly S[]): () => S {
  let next = 0;
  return () => {
    const s = senders[Math.floor(next / TRANSFERS_PER_SENDER)];
    if (s === undefined) throw new Error(`the pool of ${senders.length} senders is used up`);
    next += 1;
    return s;
  };
}

/**
 * Sends `count` requests from concurrent workers (each `call` with its worker, one request
 * at a time) and measures them: successes' latencies and the throughput of successes.
 */
export async function drive<W>(
  workers: readonly W[],
  count: number,
  call: (worker: W) => Promise<boolean>,
) {
  const latencies: number[] = [];
  let failed = 0;
  let left = count;
  const started = performance.now();
  await Promise.all(
    workers.map(async (w) => {
      while (left > 0) {
        left -= 1;
        const t = performance.now();
        if (await call(w)) latencies.push(performance.now() - t);
        else failed += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    ok: latencies.length,
    failed,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}
