// Adapters built from a function's environment, once per process and configuration.
// Reading happens on first use inside an invocation, so a missing variable fails that
// function loudly rather than another one.
import { AuditLog } from '../adapters/audit';
import { BlindIndex } from '../adapters/blind-index';
import { CustomersRepo } from '../adapters/customers-repo';
import { LocalFaceCheckProvider, type FaceCheckProvider } from '../adapters/face-check';
import { FieldCrypto } from '../adapters/field-crypto';
import { Identity } from '../adapters/identity';
import { NotificationQueue } from '../adapters/notifications';
import { SnsSmsSender } from '../adapters/sms';
import { currentEnv, requireEnv, settings } from '../config';
import { ENV } from '../env-names';
import type { RuntimeSettings } from '../config';
import {
  systemClock,
  type Clock,
  type NotifyDeps,
  type RegisterDeps,
  type ResendDeps,
  type VerifyDeps,
} from './onboarding';

const memo = new Map<string, unknown>();
function once<T>(key: string, make: () => T): T {
  if (!memo.has(key)) memo.set(key, make());
  return memo.get(key) as T;
}

export const deps = {
  settings,
  customers(): CustomersRepo {
    const table = requireEnv(ENV.tables.customers);
    return once(`customers:${table}`, () => new CustomersRepo(table));
  },
  audit(): AuditLog {
    const table = requireEnv(ENV.tables.audit);
    return once(`audit:${table}`, () => new AuditLog(table));
  },
  fieldCrypto(): FieldCrypto {
    const key = requireEnv(ENV.keys.pii);
    return once(`pii:${key}`, () => new FieldCrypto({ keyArn: key }));
  },
  blindIndex(): BlindIndex {
    const key = requireEnv(ENV.keys.blindIndex);
    return once(`bidx:${key}`, () => new BlindIndex(key));
  },
  identity(): Identity {
    const pool = requireEnv(ENV.userPoolId);
    const client = currentEnv()[ENV.userPoolClientId];
    return once(`idp:${pool}:${client ?? ''}`, () => new Identity(pool, client));
  },
  notifications(): NotificationQueue {
    const url = requireEnv(ENV.queues.notifications);
    return once(`notify:${url}`, () => new NotificationQueue(url));
  },
  sms(): SnsSmsSender {
    const outbox = currentEnv()[ENV.tables.outbox];
    return once(`sms:${outbox ?? ''}`, () => new SnsSmsSender(outbox));
  },
  faceCheck(): FaceCheckProvider {
    // Stages that require the check plug their provider in here; local is deterministic.
    return once('face', () => new LocalFaceCheckProvider());
  },
};

/** The adapters each onboarding flow takes; tests pass a clock and settings overrides. */
export const onboardingDeps = {
  register: (
    clock: Clock = systemClock,
    overrides: Partial<RuntimeSettings> = {},
  ): RegisterDeps => ({
    repo: deps.customers(),
    crypto: deps.fieldCrypto(),
    index: deps.blindIndex(),
    identity: deps.identity(),
    queue: deps.notifications(),
    settings: { ...deps.settings(), ...overrides },
    clock,
  }),
  verify: (clock: Clock = systemClock, overrides: Partial<RuntimeSettings> = {}): VerifyDeps => ({
    repo: deps.customers(),
    identity: deps.identity(),
    faceCheck: deps.faceCheck(),
    settings: { ...deps.settings(), ...overrides },
    clock,
  }),
  resend: (clock: Clock = systemClock): ResendDeps => ({
    repo: deps.customers(),
    queue: deps.notifications(),
    settings: deps.settings(),
    clock,
  }),
  notify: (): NotifyDeps => ({
    repo: deps.customers(),
    crypto: deps.fieldCrypto(),
    audit: deps.audit(),
    sms: deps.sms(),
    settings: deps.settings(),
  }),
};
