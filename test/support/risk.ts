// Helpers for monitoring tests: risk events built and sent straight to the risk queue (as
// the ledger stream would send them), and alerts read as risk staff.
import { randomUUID } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import type { MovementEvent } from '../../shared/risk';
import { clientConfig } from './aws';
import { api } from './http';

export interface Alert {
  alertId: string;
  ruleId: string;
  customerId: string;
  severity: string;
  status: string;
  count: number;
  version: number;
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
