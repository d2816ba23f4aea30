// Onboarding flows against the emulator with a controlled clock, settings and injected
// AWS faults: expiry, face checks, compensation, audit of PII decryption, and field
// encryption bound to customer and field.
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { resetSdkRequestCounts, sdkRequests, setFaultInjector } from '../support/sdk';
import { FieldCrypto, FieldDecryptionError } from '../../shared/identity/adapters/field-crypto';
import { CustomerKeys } from '../../shared/identity/adapters/customer-keys';
import type { settings as loadSettings } from '../../shared/settings';
import * as onboardingDeps from '../../functions/deps/onboarding';
import { register, verify } from '../../shared/identity/flows/onboarding';
import type { Clock } from '../../shared/kernel/clock';
import { DependencyError, ValidationError } from '../../shared/platform/errors';
import { registrationRequest } from '../../shared/identity/schemas';
import { idCheckCharacter } from '../../shared/identity/domain/kyc';
import { asFunction, clientConfig, useEmulator } from '../support/aws';
import { api, newApplicant, onboardCustomer, smsCode } from '../support/http';

beforeAll(() => useEmulator());

const fixedClock = (t: number): Clock & { set(ms: number): void } => {
  let now = t;
  return { now: () => new Date(now), set: (ms) => (now = ms) };
};

async function registerAt(
  clock: Clock,
  overrides: Partial<ReturnType<typeof loadSettings>> = {},
  applicant = newApplicant(),
  idempotencyKey = '',
) {
  return asFunction('register', async () => {
    const input = registrationRequest({ passwordMinLength: 10, now: () => clock.now() }).parse(
      applicant,
    );
    const result = await register(
      input,
      { sourceIp: '127.0.0.1', userAgent: 'test' },
      onboardingDeps.register(clock, overrides),
      idempotencyKey,
    );
    return { ...result, phone: input.phone };
  });
}

const verifyAt = (
  registrationId: string,
  code: string,
  clock: Clock,
  overrides: Partial<ReturnType<typeof loadSettings>> = {},
  faceCheckToken?: string,
) =>
  asFunction('verifyRegistration', () =>
    verify(
      registrationId,
      { code, ...(faceCheckToken ? { faceCheckToken } : {}) },
      onboardingDeps.verify(clock, overrides),
    ),
  );

describe('code and registration expiry (M2.1-a)', () => {
  it('M2.1-a accepts a code until 5 minutes after it was sent and refuses it after (410 CODE_EXPIRED)', async () => {
    const t0 = Date.now();
    const clock = fixedClock(t0);
    const late = await registerAt(clock);
    const lateCode = await smsCode(late.phone);
    clock.set(t0 + 300_000);
    await expect(verifyAt(late.registrationId, lateCode, clock)).rejects.toMatchObject({
      status: 410,
      code: 'CODE_EXPIRED',
    });

    const inTime = await registerAt(fixedClock(t0));
    const code = await smsCode(inTime.phone);
    clock.set(t0 + 299_000);
    await expect(verifyAt(inTime.registrationId, code, clock)).resolves.toMatchObject({
      status: 'ACTIVE',
    });
  });

  it('M2.1-a M2.5-a a registration left unverified holds nothing: the same person registers again at once, and after its lifetime it answers as expired', async () => {
    const t0 = Date.now();
    const applicant = newApplicant();
    const first = await registerAt(fixedClock(t0), { registrationTtlHours: 1 }, applicant);
    // Within the hour, another registration of the same identity waits beside it (issue 12:
    // an unverified registration, a squatter's perhaps, blocks no one).
    await expect(
      registerAt(fixedClock(t0 + 1_000), {}, { ...applicant, phone: newApplicant().phone }),
    ).resolves.toMatchObject({ status: 'PENDING_VERIFICATION' });
    await expect(
      verifyAt(first.registrationId, '000000', fixedClock(t0 + 3_600_000)),
    ).rejects.toMatchObject({ code: 'REGISTRATION_EXPIRED' });
  });
});

describe('face check where the stage requires it (M2.1-a)', () => {
  it('M2.1-a needs a passing face check token before activating', async () => {
    const clock = fixedClock(Date.now());
    const reg = await registerAt(clock);
    const code = await smsCode(reg.phone);
    const strict = { faceCheckRequired: true };
    await expect(verifyAt(reg.registrationId, code, clock, strict)).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      verifyAt(reg.registrationId, code, clock, strict, 'someone-else'),
    ).rejects.toMatchObject({
      status: 422,
      code: 'FACE_CHECK_FAILED',
    });
    await expect(
      verifyAt(reg.registrationId, code, clock, strict, `local-pass:${reg.registrationId}`),
    ).resolves.toMatchObject({
      status: 'ACTIVE',
    });
  });
});

describe('real-name verification through the stage provider (M2.1-a)', () => {
  it('M2.1-a High finding (prod KYC accepts a stub): a name the identity authority does not hold for the ID number is refused before anything is kept', async () => {
    const clock = fixedClock(Date.now());
    const applicant = newApplicant();
    // The simulator's authority holds another name for IDs with sequence code 999.
    const body = `${applicant.idNumber.slice(0, 14)}999`;
    const mismatch = { ...applicant, idNumber: body + idCheckCharacter(body) };
    await expect(registerAt(clock, {}, mismatch)).rejects.toMatchObject({
      status: 422,
      code: 'IDENTITY_NOT_VERIFIED',
    });
    // Nothing was reserved: the real holder of the ID registers at once.
    await expect(registerAt(clock, {}, applicant)).resolves.toMatchObject({
      status: 'PENDING_VERIFICATION',
    });
  });

  it('M2.1-a High finding (prod KYC accepts a stub): a stage without a provider opens no account: registration and the face check fail closed (503 KYC_UNAVAILABLE)', async () => {
    const clock = fixedClock(Date.now());
    const none = { kycProvider: 'unconfigured' as const };
    await expect(registerAt(clock, none)).rejects.toMatchObject({
      status: 503,
      code: 'KYC_UNAVAILABLE',
    });
    const reg = await registerAt(clock);
    const code = await smsCode(reg.phone);
    await expect(
      verifyAt(reg.registrationId, code, clock, { ...none, faceCheckRequired: true }, 'any'),
    ).rejects.toMatchObject({ status: 503, code: 'KYC_UNAVAILABLE' });
  });
});

describe('failure half-way (nothing half-written)', () => {
  it('M2.1-a undoes the registration when Cognito fails, so the same identity can register again', async () => {
    const clock = fixedClock(Date.now());
    const applicant = newApplicant();
    const run = () => registerAt(clock, {}, applicant);
    setFaultInjector((service, op) =>
      service === 'Cognito' && op === 'AdminSetUserPassword' ? new Error('injected') : undefined,
    );
    try {
      await expect(run()).rejects.toBeInstanceOf(DependencyError);
    } finally {
      setFaultInjector(undefined);
    }
    await expect(run()).resolves.toMatchObject({ status: 'PENDING_VERIFICATION' });
  });

  it('M2.1-a undoes a keyed registration with its Idempotency-Key, so the retry with the key registers', async () => {
    const clock = fixedClock(Date.now());
    const applicant = newApplicant();
    const key = `undo-${crypto.randomUUID()}`;
    const run = () => registerAt(clock, {}, applicant, key);
    setFaultInjector((service, op) =>
      service === 'SQS' && op === 'SendMessage' ? new Error('injected') : undefined,
    );
    try {
      await expect(run()).rejects.toBeInstanceOf(DependencyError);
    } finally {
      setFaultInjector(undefined);
    }
    // Not the stored answer of a registration that no longer exists: a new one, then its replay.
    const second = await run();
    expect(second.status).toBe('PENDING_VERIFICATION');
    const third = await run();
    expect(third.registrationId).toBe(second.registrationId);
    const code = await smsCode(second.phone);
    await expect(verifyAt(second.registrationId, code, clock)).resolves.toMatchObject({
      status: 'ACTIVE',
    });
  });
});

describe('field encryption (M2.5-b, M6.2-a)', () => {
  it('M2.5-b M6.2-a Medium finding (encryption context not bound to customer and field): each PII data key is bound in KMS to {purpose, customer, field}, so KMS itself refuses a value moved to another customer or field; a customer field costs one KMS request while its key is cached', async () => {
    await asFunction('register', async () => {
      const keyArn = inject('functionEnv').register?.PII_KEY_ARN ?? '';
      const customerKeys = new CustomerKeys(
        inject('functionEnv').register?.CUSTOMER_KEYS_TABLE ?? '',
      );
      const crypto = new FieldCrypto({ keyArn, customerKeys });
      resetSdkRequestCounts();
      const own = await Promise.all(
        Array.from({ length: 50 }, (_, i) => crypto.encryptField('c-1', 'phone', `13800000${i}`)),
      );
      expect(sdkRequests('KMS')).toBe(1); // one customer, one field: one wrapping key
      const others = await Promise.all(
        [2, 3, 4, 5, 6, 7, 8].map((i) => crypto.encryptField(`c-${i}`, 'phone', `1390000000${i}`)),
      );
      expect(sdkRequests('KMS')).toBe(8); // one per customer: CloudTrail names each
      const seven = others[5] ?? '';
      expect(seven).not.toContain('13900000007');
      await expect(crypto.decryptField('c-7', 'phone', seven)).resolves.toBe('13900000007');
      // KMS refuses the wrapping key under another customer's or field's context.
      const wrapped = Buffer.from(seven.split('.')[1] ?? '', 'base64');
      const kmsClient = new KMSClient(clientConfig());
      for (const context of [
        { purpose: 'pii', customerId: 'c-8', field: 'phone' },
        { purpose: 'pii', customerId: 'c-7', field: 'idNumber' },
      ]) {
        await expect(
          kmsClient.send(
            new DecryptCommand({
              KeyId: keyArn,
              CiphertextBlob: wrapped,
              EncryptionContext: context,
            }),
          ),
        ).rejects.toMatchObject({ name: 'InvalidCiphertextException' });
      }
      const cold = new FieldCrypto({ keyArn, customerKeys });
      await expect(cold.decryptField('c-8', 'phone', seven)).rejects.toBeInstanceOf(
        FieldDecryptionError,
      );
      await expect(cold.decryptField('c-7', 'idNumber', seven)).rejects.toBeInstanceOf(
        FieldDecryptionError,
      );
      // A new container (cold start) unwraps a customer's field key once, then from its cache.
      const fresh = new FieldCrypto({ keyArn, customerKeys });
      resetSdkRequestCounts();
      for (const v of own.slice(0, 5)) await fresh.decryptField('c-1', 'phone', v);
      expect(sdkRequests('KMS')).toBe(1);
    });
  });

  it('M2.5-c M7.1-a writes an audit record before the notifier decrypts a phone', async () => {
    const c = await onboardCustomer();
    const auditTable = inject('functionEnv').notifier?.AUDIT_TABLE ?? '';
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()));
    const out = await doc.send(
      new QueryCommand({
        TableName: auditTable,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CUST#${c.customerId}` },
      }),
    );
    expect(out.Items).toEqual([
      expect.objectContaining({
        type: 'PII_ACCESS',
        actor: 'notifier',
        fields: ['phone'],
        purpose: 'send the registration SMS code',
      }),
    ]);
  });
});

describe('notification queue (event-source mapping)', () => {
  it('moves a poison message to the DLQ after 5 deliveries, without losing it', async () => {
    const sqs = new SQSClient(clientConfig());
    const queueUrl = inject('notificationsQueueUrl');
    const attrs = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['RedrivePolicy'] }),
    );
    const redrive = JSON.parse(attrs.Attributes?.RedrivePolicy ?? '{}') as {
      deadLetterTargetArn: string;
      maxReceiveCount: number;
    };
    expect(Number(redrive.maxReceiveCount)).toBe(5);
    const dlqUrl = `${inject('endpoint')}/${redrive.deadLetterTargetArn.split(':')[4]}/${redrive.deadLetterTargetArn.split(':')[5]}`;
    const marker = `poison-${Date.now()}`;
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify({ type: 'UNKNOWN', marker }),
      }),
    );
    let found: string | undefined;
    for (let i = 0; i < 60 && !found; i++) {
      const r = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: dlqUrl,
          WaitTimeSeconds: 1,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 0,
        }),
      );
      found = r.Messages?.find((m) => m.Body?.includes(marker))?.Body;
    }
    expect(found).toContain(marker);
  }, 90_000);

  it('does not send an SMS twice when the same message is delivered twice', async () => {
    const a = newApplicant();
    const reg = await api<{ registrationId: string }>('POST', '/v1/registrations', { body: a });
    const code = await smsCode(a.phone);
    await api('POST', `/v1/registrations/${reg.body.registrationId}/verify`, { body: { code } });
    // A duplicate delivery after activation is skipped, not re-sent.
    const sqs = new SQSClient(clientConfig());
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: inject('notificationsQueueUrl'),
        MessageBody: JSON.stringify({
          type: 'REGISTRATION_OTP',
          registrationId: reg.body.registrationId,
          sealedCode: 'pii2.not.opened', // skipped before it is opened (verified)
        }),
      }),
    );
    // Wait for the notifier to have handled the duplicate (its log line), then count.
    const handled = () =>
      readFileSync(inject('logFile'), 'utf8')
        .split('\n')
        .some((l) => l.includes('notification handled') && l.includes(String(sent.MessageId)));
    for (const deadline = Date.now() + 15_000; !handled();) {
      if (Date.now() > deadline) throw new Error('the notifier never handled the duplicate');
      await new Promise((r) => setTimeout(r, 50));
    }
    const outbox = await api<{ messages: unknown[] }>(
      'GET',
      `/local/outbox?phone=${encodeURIComponent(a.phone)}`,
    );
    expect(outbox.body.messages).toHaveLength(1);
  });
});
