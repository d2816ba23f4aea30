// Risk events that functions send themselves (M2.1-c, M4.1-a): sign-ins on a known customer
// and activations. Movements come from the ledger stream instead (ADR 0006). These are
// best effort: a failed send is logged as an error and never fails the customer's request
// (monitoring must not lock customers out); the device id and IP address travel only as
// keyed blind indexes.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel';
import { logger, type MessageQueue } from '../../platform';
import type { LoginEvent, RegistrationEvent, ScreeningEvent } from '../domain/risk-events';

/** A keyed hash of a device id or an IP address (the identity module's blind index). */
export interface RefHasher {
  of(purpose: 'device' | 'ip', value: string): Promise<string>;
}

export interface ReportDeps {
  readonly queue: MessageQueue;
  readonly hasher: RefHasher;
  readonly clock: Clock;
}

async function send(event: LoginEvent | RegistrationEvent, deps: ReportDeps): Promise<void> {
  try {
    await deps.queue.send(event);
  } catch (error) {
    logger.error('risk event not sent', { type: event.type, eventId: event.eventId, error });
  }
}

async function refs(
  device: string | undefined,
  ip: string | undefined,
  hasher: RefHasher,
): Promise<{ deviceRef?: string; ipRef?: string }> {
  const [deviceRef, ipRef] = await Promise.all([
    device ? hasher.of('device', device) : undefined,
    ip && ip !== 'unknown' ? hasher.of('ip', ip) : undefined,
  ]);
  return { ...(deviceRef ? { deviceRef } : {}), ...(ipRef ? { ipRef } : {}) };
}

export async function reportSignIn(
  input: { customerId: string; ok: boolean; deviceId?: string; sourceIp?: string },
  deps: ReportDeps,
): Promise<void> {
  let extra: { deviceRef?: string; ipRef?: string } = {};
  try {
    extra = await refs(input.deviceId, input.sourceIp, deps.hasher);
  } catch (error) {
    logger.error('sign-in references not computed', { error });
  }
  await send(
    {
      type: 'LOGIN',
      eventId: `login:${randomUUID()}`,
      customerId: input.customerId,
      outcome: input.ok ? 'SUCCESS' : 'FAILURE',
      ...extra,
      at: deps.clock.now().toISOString(),
    },
    deps,
  );
}

export async function reportActivation(
  input: { customerId: string; at: Date; cardIndex?: string; deviceId?: string },
  deps: ReportDeps,
): Promise<void> {
  let deviceRef: string | undefined;
  try {
    deviceRef = (await refs(input.deviceId, undefined, deps.hasher)).deviceRef;
  } catch (error) {
    logger.error('activation references not computed', { error });
  }
  await send(
    {
      type: 'REGISTRATION',
      // One activation per customer: a repeated report is the same event.
      eventId: `registration:${input.customerId}`,
      customerId: input.customerId,
      ...(deviceRef ? { deviceRef } : {}),
      ...(input.cardIndex ? { bankCardRef: input.cardIndex } : {}),
      at: input.at.toISOString(),
    },
    deps,
  );
}

/**
 * A re-screening's hit on a customer, for monitoring (ADR 0031). Not best effort: the
 * re-screening is retried until monitoring has it (one event per customer, list and
 * version, so a repeated send is the same event).
 */
export async function reportRescreening(
  input: { customerId: string; listId: string; listVersion: number; at: string },
  queue: MessageQueue,
): Promise<void> {
  const event: ScreeningEvent = {
    type: 'SCREENING',
    eventId: `screening:${input.listId}:${input.listVersion}:${input.customerId}`,
    ...input,
  };
  await queue.send(event);
}
