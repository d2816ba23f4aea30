// Field-level envelope encryption of PII (M2.5-b, M6.2-a) with the AWS Encryption SDK.
//
// Two tiers, like the SDK's hierarchical keyring: a wrapping key from KMS
// (GenerateDataKey under the PII key) is cached in memory for a few minutes and wraps
// the per-field data keys the Encryption SDK generates locally. Each field's message is
// bound to {customerId, field} by its encryption context, which decryption checks, so a
// ciphertext moved to another customer or field does not decrypt. KMS sees one request
// per wrapping key, not one per field (docs/adr/0002-field-encryption.md).
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from '@aws-crypto/client-node';
import { DecryptCommand, GenerateDataKeyCommand } from '../../platform';
import { createHash } from 'node:crypto';
import { DependencyError, kms, kmsFailure } from '../../platform';

const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const NAMESPACE = 'finplat-pii';
const WRAPPING_CONTEXT = { purpose: 'pii-wrapping-key' };
const PREFIX = 'pii1';

export type PiiField = 'name' | 'phone' | 'idNumber' | 'bankCard';
/** What is sealed under the PII key: a PII field, or an SMS code on its way to the sender. */
export type SealedField = PiiField | 'otp';

export interface FieldCryptoOptions {
  readonly keyArn: string;
  /** How long one wrapping key encrypts new fields. @default 300 s */
  readonly maxAgeMs?: number;
  /** How many fields one wrapping key encrypts at most. @default 10000 */
  readonly maxUses?: number;
}

interface WrappingKey {
  readonly keyring: RawAesKeyringNode;
  readonly encrypted: string; // base64 KMS ciphertext blob
  readonly createdAt: number;
  uses: number;
}

export class FieldDecryptionError extends Error {
  override readonly name = 'FieldDecryptionError';
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

export class FieldCrypto {
  private current: WrappingKey | undefined;
  private readonly decryptCache = new Map<string, Promise<RawAesKeyringNode>>();
  private readonly maxAgeMs: number;
  private readonly maxUses: number;

  constructor(private readonly opts: FieldCryptoOptions) {
    this.maxAgeMs = opts.maxAgeMs ?? 300_000;
    this.maxUses = opts.maxUses ?? 10_000;
  }

  private pending: Promise<WrappingKey> | undefined;

  /** The current wrapping key; concurrent callers share one KMS request for a new one. */
  private async wrappingKey(): Promise<WrappingKey> {
    const c = this.current;
    if (c && Date.now() - c.createdAt < this.maxAgeMs && c.uses < this.maxUses) return c;
    this.pending ??= this.newWrappingKey().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async newWrappingKey(): Promise<WrappingKey> {
    let out;
    try {
      out = await kms().send(
        new GenerateDataKeyCommand({
          KeyId: this.opts.keyArn,
          KeySpec: 'AES_256',
          EncryptionContext: WRAPPING_CONTEXT,
        }),
      );
    } catch (cause) {
      throw kmsFailure('GenerateDataKey', cause);
    }
    if (!out.Plaintext || !out.CiphertextBlob)
      throw new DependencyError('KMS returned no data key');
    const encrypted = Buffer.from(out.CiphertextBlob).toString('base64');
    const keyring = keyringFor(out.Plaintext, encrypted);
    out.Plaintext.fill(0);
    this.current = { keyring, encrypted, createdAt: Date.now(), uses: 0 };
    this.decryptCache.set(encrypted, Promise.resolve(keyring));
    return this.current;
  }

  async encryptField(customerId: string, field: SealedField, plaintext: string): Promise<string> {
    const key = await this.wrappingKey();
    key.uses += 1;
    const { result } = await encrypt(key.keyring, Buffer.from(plaintext, 'utf8'), {
      encryptionContext: { customerId, field },
      suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
    });
    return `${PREFIX}.${key.encrypted}.${result.toString('base64')}`;
  }

  async decryptField(customerId: string, field: SealedField, stored: string): Promise<string> {
    const [prefix, encrypted, message] = stored.split('.');
    if (prefix !== PREFIX || !encrypted || !message) {
      throw new FieldDecryptionError(`${field}: not an encrypted field value`);
    }
    let pendingKeyring = this.decryptCache.get(encrypted);
    if (!pendingKeyring) {
      pendingKeyring = this.unwrap(encrypted);
      this.decryptCache.set(encrypted, pendingKeyring);
      pendingKeyring.catch(() => this.decryptCache.delete(encrypted));
    }
    const keyring = await pendingKeyring;
    const { plaintext, messageHeader } = await decrypt(keyring, Buffer.from(message, 'base64'));
    const ctx = messageHeader.encryptionContext;
    if (ctx.customerId !== customerId || ctx.field !== field) {
      throw new FieldDecryptionError(`${field}: encryption context does not match`);
    }
    return plaintext.toString('utf8');
  }

  private async unwrap(encrypted: string): Promise<RawAesKeyringNode> {
    let out;
    try {
      out = await kms().send(
        new DecryptCommand({
          KeyId: this.opts.keyArn,
          CiphertextBlob: Buffer.from(encrypted, 'base64'),
          EncryptionContext: WRAPPING_CONTEXT,
        }),
      );
    } catch (cause) {
      throw kmsFailure('Decrypt', cause);
    }
    if (!out.Plaintext) throw new DependencyError('KMS returned no plaintext');
    const keyring = keyringFor(out.Plaintext, encrypted);
    out.Plaintext.fill(0);
    return keyring;
  }
}
