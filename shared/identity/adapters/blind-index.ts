// Keyed blind indexes (HMAC-SHA256) for looking up encrypted fields by equality:
// duplicate ID numbers, a customer by phone. The index key for each purpose is derived
// once per container with KMS GenerateMac under the HMAC key, so the root key never
// leaves KMS and steady-state lookups cost no KMS request.
import { GenerateMacCommand } from '../../platform';
import { createHmac } from 'node:crypto';
import { DependencyError, kms, kmsFailure } from '../../platform';

/**
 * idNumber and phone index identities; registrationRequest fingerprints a registration
 * request for its Idempotency-Key (the body carries personal data and a password);
 * registrationPassword checks the password of a registration not yet verified; bankCard,
 * device and ip are the references risk events carry (M2.1-c: shared cards and devices).
 */
export type IndexPurpose =
  | 'idNumber'
  | 'phone'
  | 'registrationRequest'
  | 'registrationPassword'
  /** Risk monitoring compares these across customers without holding them in clear. */
  | 'bankCard'
  | 'device'
  | 'ip'
  /**
   * AML re-screening (ADR 0031): the token keys of a customer's name, and their ID number;
   * under the screening key of its own, never the blind-index key.
   */
  | 'screening';

export class BlindIndex {
  private readonly keys = new Map<IndexPurpose, Promise<Uint8Array>>();

  constructor(private readonly keyArn: string) {}

  private derive(purpose: IndexPurpose): Promise<Uint8Array> {
    let key = this.keys.get(purpose);
    if (!key) {
      key = kms()
        .send(
          new GenerateMacCommand({
            KeyId: this.keyArn,
            MacAlgorithm: 'HMAC_SHA_256',
            Message: Buffer.from(`finplat/blind-index/v1/${purpose}`),
          }),
        )
        .then((out) => {
          if (!out.Mac) throw new DependencyError('KMS returned no MAC');
          return out.Mac;
        })
        .catch((cause: unknown) => {
          this.keys.delete(purpose);
          throw cause instanceof DependencyError ? cause : kmsFailure('GenerateMac', cause);
        });
      this.keys.set(purpose, key);
    }
    return key;
  }

  /** The index value of a normalised field value. */
  async of(purpose: IndexPurpose, normalizedValue: string): Promise<string> {
    const key = await this.derive(purpose);
    return createHmac('sha256', key).update(normalizedValue, 'utf8').digest('base64url');
  }

  /**
   * A synchronous keyer for one purpose, for hashing many values at once (a watch list's
   * keys), truncated to `chars` base64url characters (16: 96 bits).
   */
  async keyer(purpose: IndexPurpose, chars = 43): Promise<(value: string) => string> {
    const key = await this.derive(purpose);
    return (value) =>
      createHmac('sha256', key).update(value, 'utf8').digest('base64url').slice(0, chars);
  }
}
