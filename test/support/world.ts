// A client's view of a running platform, for the money property test and the soak
// (`npm run soak`): plain HTTP calls, requests retried with their Idempotency-Key as a
// client should, customers onboarded end to end, a product to order, and a risk officer who
// decides open holds. No test framework: each step throws, naming what went wrong.
import { randomUUID } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { idCheckCharacter } from '../../shared/identity/domain/kyc';
import { scanAll } from '../../shared/money/adapters/ledger-repo';
import { SCREENED_TYPES } from '../../shared/money/domain/screening';
import { answersFor } from './suitability';
import { signInStaff } from '../../infra/local/staff-sign-in';

/** Refusals a client can act on: a money run counts any other answer as a failure. */
export const ACTIONABLE_REFUSALS: ReadonlySet<string> = new Set([
  'INSUFFICIENT_FUNDS',
  'TRANSFER_TO_SELF',
  'ORDER_NOT_FOUND',
  'ORDER_NOT_SETTLED',
  'ALREADY_REDEEMED',
  'RISK_BLOCKED',
  'LIMIT_EXCEEDED',
]);

export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export interface Customer {
  readonly customerId: string;
  readonly token: string;
  readonly phone: string;
}

const must = (what: string, res: Answer, status: number) => {
  if (res.status !== status)
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)} (expected ${status})`);
  return res;
};

export class World {
  constructor(readonly base: string) {}

  async call(
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    try {
      const res = await fetch(`${this.base}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return {
        status: res.status,
        body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
      };
    } catch {
      return { status: 599, body: {} };
    }
  }

  /** Retries with the same key until an answer that is not a server error (as a client should). */
  async idempotent(path: string, token: string, body: unknown, key: string, method = 'POST') {
    for (let attempt = 0; attempt < 30; attempt++) {
      const res = await this.call(method, path, body, {
        authorization: token,
        'idempotency-key': key,
      });
      if (res.status < 500 && res.status !== 409) return res;
      await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
    }
    throw new Error(`${path} never got a final answer`);
  }

  async staffToken(group: string): Promise<string> {
    return (await signInStaff(this.base, { group })).idToken;
  }

  /** Registers, verifies and signs in customer `i` (unique per process run). */
  async onboard(i: number, opts: { deviceId?: string } = {}): Promise<Customer> {
    const phone = `139${String(Date.now() % 1e4).padStart(4, '0')}${String(i % 1e4).padStart(4, '0')}`;
    const body17 = `11010519900101${String(100 + (i % 899)).slice(-3)}`;
    const reg = must(
      `registration ${i}`,
      await this.call('POST', '/v1/registrations', {
        name: '测试人',
        phone,
        idNumber: body17 + idCheckCharacter(body17),
        bankCard: '6200000000000005',
        password: 'Correct-Horse-9',
        consents: { userAgreementVersion: '2026-09-01', riskDisclosureVersion: '2026-09-01' },
      }),
      201,
    );
    let code: string | undefined;
    for (let t = 0; t < 300 && !code; t++) {
      const out = await this.call('GET', `/local/outbox?phone=${phone}`, undefined);
      code = (out.body.messages as { body: string }[] | undefined)?.[0]?.body.match(
        /code is (\d+)/,
      )?.[1];
      if (!code) await new Promise((r) => setTimeout(r, 100));
    }
    if (!code) throw new Error(`no SMS code for customer ${i}`);
    const ver = must(
      `verification ${i}`,
      await this.call('POST', `/v1/registrations/${String(reg.body.registrationId)}/verify`, {
        code,
      }),
      200,
    );
    const login = must(
      `sign-in ${i}`,
      await this.call(
        'POST',
        '/v1/auth/login',
        { phone, password: 'Correct-Horse-9' },
        opts.deviceId ? { 'x-device-id': opts.deviceId } : {},
      ),
      200,
    );
    return { customerId: String(ver.body.customerId), token: String(login.body.idToken), phone };
  }

  /** A sellable (approved) R1 money-market fund with these terms; answers its id. */
  async product(terms: {
    minAmount: number;
    lockUpDays: number;
    settlementCycle: 'T+0' | 'T+1' | 'T+2';
  }): Promise<string> {
    const [pm, admin] = [await this.staffToken('product-manager'), await this.staffToken('admin')];
    const created = must(
      'product',
      await this.call(
        'POST',
        '/v1/ops/products',
        {
          name: 'Cash fund for a run',
          type: 'MONEY_MARKET',
          terms,
          metrics: { annualisedReturnBp: 200, volatilityBp: 10, sharpeRatio: 2, maxDrawdownBp: 0 },
          qualitative: {
            leverage: false,
            complexity: 'LOW',
            principalProtected: false,
            marketEnvironment: 'STABLE',
          },
        },
        { authorization: pm, 'idempotency-key': randomUUID() },
      ),
      201,
    );
    const productId = String(created.body.productId);
    must(
      'approval',
      await this.call(
        'POST',
        `/v1/ops/products/${productId}/approve`,
        { version: 1 },
        { authorization: admin, 'idempotency-key': randomUUID() },
      ),
      200,
    );
    return productId;
  }

  /** A sellable R1 product settling T+0 without lock-up, and every customer assessed C5. */
  async productAndAssessments(customers: readonly Customer[]): Promise<string> {
    const productId = await this.product({ minAmount: 1, lockUpDays: 0, settlementCycle: 'T+0' });
    for (const c of customers)
      must(
        'assessment',
        await this.call(
          'POST',
          '/v1/risk-assessments',
          { questionnaireVersion: '2026-11', answers: answersFor(5) },
          { authorization: c.token, 'idempotency-key': randomUUID() },
        ),
        201,
      );
    return productId;
  }

  /**
   * One pass of a risk officer over the open holds: each released or rejected at random,
   * the decision sometimes retried with its key (it must answer the same) or sent again
   * late with another key (it must find no open hold). `decided` gets each hold decided;
   * a hold decided twice throws.
   */
  async decideOpenHolds(
    risk: string,
    random: () => number,
    decided: Map<string, string>,
  ): Promise<void> {
    const open = await this.call('GET', '/v1/ops/holds', undefined, { authorization: risk });
    if (open.status !== 200) return;
    for (const h of open.body.items as { movementId: string }[]) {
      const path = `/v1/ops/holds/${h.movementId}/decision`;
      const body = { decision: random() < 0.5 ? 'RELEASE' : 'REJECT', reason: 'decided in a run' };
      const key = randomUUID();
      const res = await this.idempotent(path, risk, body, key);
      if (res.status !== 200) {
        if (res.status !== 404) throw new Error(`hold decision: ${res.status}`);
        continue; // decided meanwhile
      }
      if (decided.has(h.movementId)) throw new Error(`${h.movementId} decided twice`);
      decided.set(h.movementId, String((res.body.resolution as { outcome: string }).outcome));
      if (random() < 0.3) {
        const again = await this.idempotent(path, risk, body, key);
        if (JSON.stringify(withoutId(again)) !== JSON.stringify(withoutId(res)))
          throw new Error(`a retried decision answered otherwise: ${JSON.stringify(again.body)}`);
      }
      if (random() < 0.3) {
        const late = await this.idempotent(path, risk, body, randomUUID());
        if (late.status !== 404) throw new Error(`a late decision answered ${late.status}`);
      }
    }
  }
}

const withoutId = (a: Answer) => {
  const { requestId: _r, ...body } = a.body;
  return { status: a.status, body };
};

/** The movement a money request's answer names (a redemption's names its order too). */
export const movementIdOf = (body: Record<string, unknown>): string | undefined => {
  const id =
    body.depositId ?? body.withdrawalId ?? body.transferId ?? body.redemptionId ?? body.orderId;
  return id === undefined ? undefined : String(id);
};

/** Sends a settlement message again: a duplicated delivery. */
export async function duplicateSettlement(queueUrl: string, movementId: string): Promise<void> {
  await new SQSClient({}).send(
    new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ movementId }) }),
  );
}

/**
 * Waits until every withdrawal, transfer and order made since `since` is screened and none
 * is held (the risk officer decides holds meanwhile), then runs the release job until no
 * movement is left pending; answers the ledger's items as they then are.
 */
export async function drain(
  platform: { invoke(fn: string, event: unknown): Promise<unknown> },
  ledgerTable: string,
  since: string,
  stopDeciding: () => Promise<void>,
  pollMs = 100,
  /** How long each phase may take (a scan of a large ledger takes seconds itself). */
  phaseMs = 300_000,
): Promise<Record<string, unknown>[]> {
  // A scan of a large ledger holds the emulator (one request at a time) for seconds: the
  // consumers being waited for get at least four times as long as each scan took.
  let took = 0;
  const scan = async () => {
    const t = performance.now();
    const all = await scanAll(ledgerTable);
    took = performance.now() - t;
    return all;
  };
  const pause = () => new Promise((r) => setTimeout(r, Math.max(pollMs, 4 * took)));
  let deadline = Date.now() + phaseMs;
  while (Date.now() < deadline) {
    const moves = (await scan()).filter(
      (m) =>
        String(m.pk).startsWith('MOVE#') &&
        SCREENED_TYPES.includes(m.type as never) &&
        String(m.createdAt) >= since,
    );
    if (moves.every((m) => m.screen !== undefined && m.screen !== 'HELD')) break;
    await pause();
  }
  await stopDeciding();
  let items: Record<string, unknown>[] = [];
  deadline = Date.now() + phaseMs;
  for (let t = 0; Date.now() < deadline; t++) {
    // Release anything whose enqueue was lost, now and every 20 polls.
    if (t % 20 === 0) await platform.invoke('settlementRelease', { source: 'aws.events' });
    items = await scan();
    const open = items.filter(
      (i) =>
        String(i.pk).startsWith('MOVE#') &&
        ['PENDING', 'SETTLING', 'RETRIED'].includes(String(i.status)),
    );
    if (!open.length) break;
    await pause();
  }
  return items;
}
