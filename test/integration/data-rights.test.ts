// Crypto-shredding against the emulator (issue 14; M7.1-b, ADR 0030): a customer's PII
// fields open with the PII key in KMS and the customer's own key together; once the
// customer's key item is deleted (erasure), the field-crypto adapter refuses every copy of
// their ciphertexts, in a warm container and a cold one, although KMS still unwraps the data
// key stored beside each field. Other customers are untouched, and KMS requests stay one per
// sealed field.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CustomerKeys } from '../../shared/identity/adapters/customer-keys';
import { FieldCrypto, FieldDecryptionError } from '../../shared/identity/adapters/field-crypto';
import { asFunction, clientConfig, useEmulator } from '../support/aws';
import { resetSdkRequestCounts, sdkRequests } from '../support/sdk';

beforeAll(() => useEmulator());

const FIELDS = {
  name: '张三',
  phone: '13812345678',
  idNumber: '11010519491231002X',
  bankCard: '6222020200112233445',
} as const;
type Field = keyof typeof FIELDS;

describe('crypto-shredding (M7.1-b, ADR 0030)', () => {
  it("M7.1-b M2.5-b a customer's PII cannot be decrypted once their own key is destroyed, in a warm or a cold container, though KMS still unwraps the data key beside it; another customer's still opens; one KMS request per sealed field", async () => {
    await asFunction('customerDataRights', async () => {
      const env = inject('functionEnv').customerDataRights ?? {};
      const keyArn = env.PII_KEY_ARN ?? '';
      const keys = new CustomerKeys(env.CUSTOMER_KEYS_TABLE ?? '');
      const crypto = new FieldCrypto({ keyArn, customerKeys: keys });
      const [erased, kept] = [randomUUID(), randomUUID()];

      resetSdkRequestCounts();
      const seal = (c: string) =>
        Promise.all(
          (Object.keys(FIELDS) as Field[]).map(
            async (f) => [f, await crypto.encryptField(c, f, FIELDS[f])] as const,
          ),
        ).then((pairs) => Object.fromEntries(pairs) as Record<Field, string>);
      const [sealedErased, sealedKept] = [await seal(erased), await seal(kept)];
      // One wrapping key per customer and field (ADR 0022), and one key write per customer.
      expect(sdkRequests('KMS')).toBe(8);
      expect(sdkRequests('DynamoDB')).toBe(2);
      for (const v of Object.values(sealedErased)) {
        expect(v.startsWith('pii3.')).toBe(true);
        for (const plain of Object.values(FIELDS)) expect(v).not.toContain(plain);
      }
      for (const f of Object.keys(FIELDS) as Field[])
        await expect(crypto.decryptField(erased, f, sealedErased[f])).resolves.toBe(FIELDS[f]);
      // A value moved to another customer does not open, even with a key of its own.
      await expect(crypto.decryptField(kept, 'phone', sealedErased.phone)).rejects.toBeInstanceOf(
        FieldDecryptionError,
      );

      // Erasure: the customer's key item goes (in the erasure's transaction).
      const doc = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()));
      await doc.send(new DeleteCommand(keys.destroyItem(erased).Delete));
      const gone = await doc.send(
        new GetCommand({ TableName: keys.table, Key: { pk: `KEY#${erased}`, sk: 'KEY' } }),
      );
      expect(gone.Item).toBeUndefined();

      const cold = new FieldCrypto({ keyArn, customerKeys: keys });
      for (const c of [crypto, cold])
        for (const f of Object.keys(FIELDS) as Field[])
          await expect(c.decryptField(erased, f, sealedErased[f])).rejects.toThrow(
            /key is destroyed/,
          );
      // KMS alone still unwraps the data key stored beside the field: it opens nothing now.
      const blob = Buffer.from(sealedErased.idNumber.split('.')[1] ?? '', 'base64');
      const unwrapped = await new KMSClient(clientConfig()).send(
        new DecryptCommand({
          KeyId: keyArn,
          CiphertextBlob: blob,
          EncryptionContext: { purpose: 'pii', customerId: erased, field: 'idNumber' },
        }),
      );
      expect(unwrapped.Plaintext?.byteLength).toBe(32);
      // A key made anew for the same customer id (a new registration cannot reuse one; this
      // is the worst case) does not open the old ciphertexts either.
      await keys.ensure(erased);
      await expect(cold.decryptField(erased, 'name', sealedErased.name)).rejects.toBeInstanceOf(
        FieldDecryptionError,
      );

      // The other customer is untouched.
      for (const f of Object.keys(FIELDS) as Field[])
        await expect(cold.decryptField(kept, f, sealedKept[f])).resolves.toBe(FIELDS[f]);
    });
  });

  it('M7.1-b refuses to seal a PII field without the customer keys table (the SMS code needs none)', async () => {
    await asFunction('customerDataRights', async () => {
      const keyArn = inject('functionEnv').customerDataRights?.PII_KEY_ARN ?? '';
      const bare = new FieldCrypto({ keyArn });
      await expect(bare.encryptField(randomUUID(), 'phone', '13812345678')).rejects.toThrow(
        /customer keys table/,
      );
    });
  });
});
