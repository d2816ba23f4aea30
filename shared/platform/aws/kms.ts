// The KMS client of this process.
import { KMSClient } from './sdk/kms';
import { created } from './clients';

let client: KMSClient | undefined;
export function kms(): KMSClient {
  client ??= created(new KMSClient({ cacheMiddleware: true }), 'KMS');
  return client;
}
