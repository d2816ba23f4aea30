// Helpers for monitoring tests: risk events built and sent straight to the risk queue (as
// the ledger stream would send them), and alerts read as risk staff.
import { randomUUID } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { expect } from 'vitest';
import { riskRepo } from '../../functions/deps/risk';
import type { MovementEvent, RiskEvent } from '../../shared/risk';
import { asFunction, clientConfig } from './aws';
import { api, onboardCustomer, staffToken } from './http';
import { eventually, fund, post } from './money';

export interface Alert {
  alertId: string;
  ruleId: string;
  customerId: string;
  severity: string;
  status: string;
  count: number;
  version: number;
  ruleSetVersion: number;
  eventIds: string[];
  reasons: string[];
  contributions: { ruleId: string; score: number; reason: string }[];
}

/** A movement's risk event: a transfer now, unless `over` says otherwise. */
export function movementEvent(
  over: Partial<MovementEvent> & Pick<MovementEvent, 'customerId' | 'amount'>,
): MovementEvent {
  const movementId = over.movementId ?? randomUUID();
  return {
    type: 'MOVEMENT',
    eventId: `${movementId}:created`,
    movementId,
    movementType: 'TRANSFER',
    counterpartyId: `c-${randomUUID()}`,
    currency: 'CNY',
    settlementCycle: 'T+1',
    status: 'PENDING',
    at: new Date().toISOString(),
    ...over,
  };
}

/** Sends an event to the risk queue (the scorer's), as one more delivery. */
export async function sendRiskEvent(event: unknown): Promise<void> {
  const queueUrl = inject('functionEnv').ledgerStream?.RISK_EVENTS_QUEUE_URL ?? '';
  await new SQSClient(clientConfig()).send(
    new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(event) }),
  );
}

/** Every alert of the last week for one customer, read page by page as risk staff. */
export async function alertsOf(
  customerId: string,
  token: string,
  ruleId?: string,
): Promise<Alert[]> {
  const out: Alert[] = [];
  let cursor: string | undefined;
  do {
    const q = new URLSearchParams({ limit: '100', ...(ruleId ? { ruleId } : {}) });
    if (cursor) q.set('cursor', cursor);
    const res = await api<{ items: Alert[]; nextCursor?: string }>('GET', `/v1/ops/alerts?${q}`, {
      token,
    });
    if (res.status !== 200) throw new Error(`alerts: ${res.status} ${JSON.stringify(res.body)}`);
    out.push(...res.body.items.filter((a) => a.customerId === customerId));
    cursor = res.body.nextCursor;
  } while (cursor);
  return out;
}

// Holds (ADR 0012): a transfer the shipped rules hold, the open holds, a decision.

export interface Hold {
  movementId: string;
  customerId: string;
  customer: string;
  movementType: string;
  amount: number;
  rules: { ruleId: string; reason: string }[];
  alertIds: string[];
  resolution?: { outcome: string; by: string; reason: string };
}

export async function openHolds(token: string): Promise<Hold[]> {
  const res = await api<{ items: Hold[] }>('GET', '/v1/ops/holds', { token });
  if (res.status !== 200) throw new Error(`holds: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items;
}

export const decideHold = (movementId: string, token: string, body: unknown, key = randomUUID()) =>
  api<Hold & { code?: string }>('POST', `/v1/ops/holds/${movementId}/decision`, {
    token,
    body,
    headers: { 'idempotency-key': `hold-${key}` },
  });

/** The devices the risk scorer has seen the customer on (its counters in the risk table). */
const devicesSeen = (customerId: string) =>
  asFunction('riskScorer', async () => {
    const probe = { type: 'LOGIN', eventId: 'probe', customerId, outcome: 'SUCCESS' } as const;
    const state = await riskRepo().load(
      { ...probe, at: new Date().toISOString() } as RiskEvent,
      60,
    );
    return Object.keys(state.view.devices).length;
  });

/** A transfer of `amount` fen from a customer who just signed in on a new device. */
export async function heldTransfer(amount: number) {
  const [a, b] = await Promise.all([onboardCustomer(), onboardCustomer()]);
  const login = await api('POST', '/v1/auth/login', {
    body: { phone: a.applicant.phone, password: a.applicant.password },
    headers: { 'x-device-id': `new-phone-${randomUUID()}` },
  });
  expect(login.status).toBe(200);
  await eventually(
    () => devicesSeen(a.customerId),
    (n) => n === 1,
  );
  await fund(a.idToken, 2 * amount);
  const res = await post('/v1/transfers', a.idToken, {
    toCustomerId: b.customerId,
    amount,
    currency: 'CNY',
  });
  expect(res.status).toBe(201);
  const movementId = String(res.body.transferId);
  const token = await staffToken('risk-officer');
  const [hold] = await eventually(
    async () => (await openHolds(token)).filter((h) => h.movementId === movementId),
    (list) => list.length === 1,
  );
  return { a, b, movementId, settleOn: String(res.body.settleOn), hold: hold!, token };
}
