// Field-level envelope encryption of PII (M2.5-b, M6.2-a) with the AWS Encryption SDK.
//
// Two tiers, like the SDK's hierarchical keyring: a wrapping key from KMS
// (GenerateDataKey under the PII key) wraps the per-field data keys the Encryption SDK
// generates locally. Each wrapping key belongs to one customer's one field: KMS binds it to
// {purpose: pii, customerId, field} (its encryption context), so CloudTrail names the
// customer and field of every request, the key policy allows each function only its fields
// (the notifier: phone and SMS code, never ID or card numbers; ADR 0021), and a ciphertext
// moved to another customer or field does not unwrap. Each field's message carries the same
// binding, which decryption checks again. Wrapping keys are cached for a few minutes, so a
// customer's repeated use of a field costs one KMS request (docs/adr/0002-field-encryption.md).
//
// A PII field also needs the customer's own key (ADR 0030, crypto-shredding): the wrapping
// key that seals it is derived (HKDF) from the KMS data key and the customer's key, whose
// only copy lives in the customer keys table. Erasure deletes that item: the KMS blob beside
// each field, in the table and in its backups, then unwraps to nothing that opens the field.
// The SMS code (`otp`), transient, is sealed under the KMS data key alone.
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from '@aws-crypto/client-node';
import { DecryptCommand, GenerateDataKeyCommand } from '../../platform';
import { createHash, hkdfSync } from 'node:crypto';
import type { CustomerKeySource } from './customer-keys';
import { DependencyError, kms, kmsFailure } from '../../platform';

const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const NAMESPACE = 'finplat-pii';
/** The purpose in every PII key request's encryption context (the key policy requires it). */
export const PII_CONTEXT_PURPOSE = 'pii';
/** A value sealed under the KMS data key alone (the SMS code). */
const PREFIX = 'pii2';
/** A PII field: sealed under a key derived from the KMS data key and the customer's own key. */
const SHREDDABLE_PREFIX = 'pii3';
/** KMS refusals that no retry changes. */
const PERMANENT_KMS_ERRORS = new Set([
  'InvalidCiphertextException',
  'AccessDeniedException',
  'IncorrectKeyException',
]);
/** Wrapping keys (one per customer and field) and unwrapped keyrings kept at most. */
const CACHE_ENTRIES = 2_000;

const wrappingContext = (customerId: string, field: SealedField) => ({
  purpose: PII_CONTEXT_PURPOSE,
  customerId,
  field,
});

export type PiiField = 'name' | 'phone' | 'idNumber' | 'bankCard';
/** What is sealed under the PII key: a PII field, or an SMS code on its way to the sender. */
export type SealedField = PiiField | 'otp';

export interface FieldCryptoOptions {
  readonly keyArn: string;
  /** How long one wrapping key encrypts new fields. @default 300 s */
  readonly maxAgeMs?: number;
  /** How many fields one wrapping key encrypts at most. @default 10000 */
  readonly maxUses?: number;
  /** Each customer's own key (ADR 0030); required to seal or open a PII field. */
  readonly customerKeys?: CustomerKeySource;
}

interface WrappingKey {
  readonly keyring: RawAesKeyringNode;
  readonly prefix: string;
  readonly encrypted: string; // base64 KMS ciphertext blob
  readonly createdAt: number;
  uses: number;
}

export class FieldDecryptionError extends Error {
  override readonly name = 'FieldDecryptionError';
}

/** The SMS code is transient: it is not shredded with the customer's key. */
const shreddable = (field: SealedField): field is PiiField => field !== 'otp';

/**
 * The wrapping key of a PII field: HKDF-SHA256 of the KMS data key, salted with the
 * customer's own key and bound to customer and field; without both, nothing opens the field.
 */
function derive(
  kmsKey: Uint8Array,
  customerKey: Uint8Array,
  customerId: string,
  field: SealedField,
): Uint8Array {
  return new Uint8Array(
    hkdfSync('sha256', kmsKey, customerKey, `finplat-pii3\u0000${customerId}\u0000${field}`, 32),
  );
}

function keyringFor(plaintext: Uint8Array, encrypted: string): RawAesKeyringNode {
  // The keyring wants a buffer of its own (the SDK's response shares one).
  const isolated = new Uint8Array(plaintext.byteLength);
  isolated.set(plaintext);
  return new RawAesKeyringNode({
    keyNamespace: NAMESPACE,
    keyName: createHash('sha256').update(encrypted).digest('base64url').slice(0, 22),
    unencryptedMasterKey: isolated,
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
}

/** A Map that forgets its oldest entries beyond `max` (insertion order). */
function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as K);
}

export class FieldCrypto {
  private readonly current = new Map<string, WrappingKey>();
  private readonly pending = new Map<string, Promise<WrappingKey>>();
  /** Unwrapped keys, kept as long as a wrapping key encrypts (`maxAgeMs`), then asked again. */
  private readonly decryptCache = new Map<string, { key: Promise<Uint8Array>; at: number }>();
  /** Customers' keys while their fields are sealed (concurrent fields share one write). */
  private readonly sealingKeys = new Map<string, Promise<Uint8Array>>();
  private readonly maxAgeMs: number;
  private readonly maxUses: number;

  constructor(private readonly opts: FieldCryptoOptions) {
    this.maxAgeMs = opts.maxAgeMs ?? 300_000;
    this.maxUses = opts.maxUses ?? 10_000;
  }

  /**
   * The customer's current wrapping key for the field; concurrent callers share one KMS
   * request for a new one.
   */
  private async wrappingKey(customerId: string, field: SealedField): Promise<WrappingKey> {
    const id = `${customerId}\u0000${field}`;
    const c = this.current.get(id);
    if (c && Date.now() - c.createdAt < this.maxAgeMs && c.uses < this.maxUses) return c;
    let p = this.pending.get(id);
    if (!p) {
      p = this.newWrappingKey(customerId, field).finally(() => this.pending.delete(id));
      this.pending.set(id, p);
    }
    const key = await p;
    remember(this.current, id, key, CACHE_ENTRIES);
    return key;
  }

  private async newWrappingKey(customerId: string, field: SealedField): Promise<WrappingKey> {
    let out;
    try {
      out = await kms().send(
        new GenerateDataKeyCommand({
          KeyId: this.opts.keyArn,
          KeySpec: 'AES_256',
          EncryptionContext: wrappingContext(customerId, field),
        }),
      );
    } catch (cause) {
      throw kmsFailure('GenerateDataKey', cause);
    }
    if (!out.Plaintext || !out.CiphertextBlob)
      throw new DependencyError('KMS returned no data key');
    const encrypted = Buffer.from(out.CiphertextBlob).toString('base64');
    const kmsKey = new Uint8Array(out.Plaintext);
    out.Plaintext.fill(0);
    remember(
      this.decryptCache,
      `${customerId}\u0000${field}\u0000${encrypted}`,
      { key: Promise.resolve(kmsKey), at: Date.now() },
      CACHE_ENTRIES,
    );
    if (!shreddable(field))
      return {
        keyring: keyringFor(kmsKey, encrypted),
        prefix: PREFIX,
        encrypted,
        createdAt: Date.now(),
        uses: 0,
      };
    const customerKey = await this.customerKeyToSeal(customerId);
    return {
      keyring: keyringFor(derive(kmsKey, customerKey, customerId, field), encrypted),
      prefix: SHREDDABLE_PREFIX,
      encrypted,
      createdAt: Date.now(),
      uses: 0,
    };
  }

  async encryptField(customerId: string, field: SealedField, plaintext: string): Promise<string> {
    const key = await this.wrappingKey(customerId, field);
    key.uses += 1;
    const { result } = await encrypt(key.keyring, Buffer.from(plaintext, 'utf8'), {
      encryptionContext: { customerId, field },
      suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
    });
    return `${key.prefix}.${key.encrypted}.${result.toString('base64')}`;
  }

  /** The customer's key for sealing: made once (one write per registration), then kept. */
  private customerKeyToSeal(customerId: string): Promise<Uint8Array> {
    let p = this.sealingKeys.get(customerId);
    if (!p) {
      p = this.keys().ensure(customerId);
      remember(this.sealingKeys, customerId, p, CACHE_ENTRIES);
      p.catch(() => this.sealingKeys.delete(customerId));
    }
    return p;
  }

  private keys(): CustomerKeySource {
    if (!this.opts.customerKeys)
      throw new Error('PII fields need the customer keys table (CUSTOMER_KEYS_TABLE)');
    return this.opts.customerKeys;
  }

  async decryptField(customerId: string, field: SealedField, stored: string): Promise<string> {
    const [prefix, encrypted, message] = stored.split('.');
    const expected = shreddable(field) ? SHREDDABLE_PREFIX : PREFIX;
    if (prefix !== expected || !encrypted || !message) {
      throw new FieldDecryptionError(`${field}: not an encrypted field value`);
    }
    // Read at every decryption, never cached: an erasure refuses at once, in every container.
    const customerKey = shreddable(field) ? await this.keys().get(customerId) : undefined;
    if (shreddable(field) && !customerKey)
      throw new FieldDecryptionError(
        `${field}: the customer's key is destroyed (erased) or was never made`,
      );
    // KMS itself refuses a wrapping key bound to another customer or field.
    const cacheId = `${customerId}\u0000${field}\u0000${encrypted}`;
    let cached = this.decryptCache.get(cacheId);
    if (!cached || Date.now() - cached.at >= this.maxAgeMs) {
      const entry = { key: this.unwrap(customerId, field, encrypted), at: Date.now() };
      remember(this.decryptCache, cacheId, entry, CACHE_ENTRIES);
      // A failure forgets this attempt only, not a newer one made since.
      entry.key.catch(() => {
        if (this.decryptCache.get(cacheId) === entry) this.decryptCache.delete(cacheId);
      });
      cached = entry;
    }
    const kmsKey = await cached.key;
    const keyring = keyringFor(
      customerKey ? derive(kmsKey, customerKey, customerId, field) : kmsKey,
      encrypted,
    );
    let opened;
    try {
      opened = await decrypt(keyring, Buffer.from(message, 'base64'));
    } catch {
      throw new FieldDecryptionError(`${field}: does not open with this customer's keys`);
    }
    const { plaintext, messageHeader } = opened;
    const ctx = messageHeader.encryptionContext;
    if (ctx.customerId !== customerId || ctx.field !== field) {
      throw new FieldDecryptionError(`${field}: encryption context does not match`);
    }
    return plaintext.toString('utf8');
  }

  private async unwrap(
    customerId: string,
    field: SealedField,
    encrypted: string,
  ): Promise<Uint8Array> {
    let out;
    try {
      out = await kms().send(
        new DecryptCommand({
          KeyId: this.opts.keyArn,
          CiphertextBlob: Buffer.from(encrypted, 'base64'),
          EncryptionContext: wrappingContext(customerId, field),
        }),
      );
    } catch (cause) {
      // Bound to another customer or field, not KMS's at all, or a field this function's
      // key policy does not allow: permanent, not a dependency failure to retry.
      if (PERMANENT_KMS_ERRORS.has((cause as { name?: string }).name ?? ''))
        throw new FieldDecryptionError(
          `${field}: not sealed for this customer and field, or not allowed`,
        );
      throw kmsFailure('Decrypt', cause);
    }
    if (!out.Plaintext) throw new DependencyError('KMS returned no plaintext');
    const kmsKey = new Uint8Array(out.Plaintext);
    out.Plaintext.fill(0);
    return kmsKey;
  }
}
