// The KMS client of this process, and how a failed KMS request is reported: as a
// DependencyError, and, when KMS throttled it, as one `KmsThrottles` in Finplat/Operations
// (the KMS throttling alarm; runbook docs/runbooks/kms-throttles.md).
import { KMSClient } from './sdk/kms';
import { created } from './clients';
import { currentEnv } from '../config';
import { decodeSettings } from '../settings-codec';
import { DependencyError } from '../errors';
import { logger } from '../logger';
import { OPERATIONS_METRICS_NAMESPACE } from '../metrics';

let client: KMSClient | undefined;
export function kms(): KMSClient {
  client ??= created(new KMSClient({ cacheMiddleware: true }), 'KMS');
  return client;
}

/** The stage a function runs in, from its settings (for metric dimensions). */
function stage(): string {
  try {
    return String(
      (JSON.parse(decodeSettings(currentEnv().PLATFORM_SETTINGS ?? '{}')) as { stage?: unknown })
        .stage,
    );
  } catch {
    return 'unknown';
  }
}

/** A failed KMS request as a DependencyError; a throttled one is also counted. */
export function kmsFailure(what: string, cause: unknown): DependencyError {
  if ((cause as { name?: string } | undefined)?.name === 'ThrottlingException')
    logger.metric(OPERATIONS_METRICS_NAMESPACE, { KmsThrottles: 1 }, { Stage: stage() });
  return new DependencyError(`KMS ${what} failed`, { cause });
}
