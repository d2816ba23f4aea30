// The SMS spend limit against the emulator (issue 12, abuse controls; M2.1-a, M6.3-a): the
// notifier counts each SMS in the risk table (one conditional ADD per counter: the phone's
// CST hour by its blind index, then the CST day) and, over a limit, sends nothing, opens no
// PII, and acknowledges the message with a metric instead of retrying it. The sends below
// run at fixed times of their own, so their counters start at zero whatever else the
// shared platform sends meanwhile.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import * as adapters from '../../functions/deps/adapters';
import * as onboardingDeps from '../../functions/deps/onboarding';
import { handler as notifier } from '../../functions/notifications/notifier';
import { normalizePhone, sendRegistrationCode } from '../../shared/identity';
import type { Clock } from '../../shared/kernel';
import { functionEnvironment } from '../../shared/platform/config';
import { setLogSink } from '../../shared/platform/logger';
import { decodeSettings } from '../../shared/platform/settings-codec';
import { asFunction, clientConfig, useEmulator } from '../support/aws';
import { api, newApplicant, smsCode } from '../support/http';

beforeAll(() => useEmulator());

const doc = () => DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()));
const env = (fn: string, name: string) => inject('functionEnv')[fn]?.[name] ?? '';
const at = (iso: string): Clock => ({ now: () => new Date(iso) });

/** A registration through the API (its own code sent), and a second code sealed for it. */
async function pendingRegistration() {
  const applicant = newApplicant();
  const reg = await api<{ registrationId: string }>('POST', '/v1/registrations', {
    body: applicant,
  });
  expect(reg.status).toBe(201);
  await smsCode(applicant.phone);
  const id = reg.body.registrationId;
  const stored = await asFunction('notifier', () => adapters.customers().getRegistration(id));
  if (!stored) throw new Error('registration not stored');
  const sealed = await asFunction('register', () =>
    adapters.fieldCrypto().encryptField(stored.customerId, 'otp', '246810'),
  );
  return { id, applicant, stored, sealed };
}

const outboxOf = async (phone: string) =>
  (
    await api<{ messages: { body: string }[] }>(
      'GET',
      `/local/outbox?phone=${encodeURIComponent(phone)}`,
    )
  ).body.messages;

const piiReadsOf = async (customerId: string) =>
  (
    await doc().send(
      new QueryCommand({
        TableName: env('notifier', 'AUDIT_TABLE'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CUST#${customerId}` },
      }),
    )
  ).Items ?? [];

describe('SMS spend limit (issue 12 abuse controls; M2.1-a, M6.3-a)', () => {
  it('M6.3-a M2.1-a one phone gets at most its hourly limit: over it nothing is sent and no PII is opened, and the counter names the phone only by its blind index', async () => {
    // Prepare: limits of 2 an hour per phone, at an hour of this test's own.
    const r = await pendingRegistration();
    const clock = at('2031-03-04T05:06:07Z'); // 13:06 CST
    const limits = { sms: { dailyLimit: 1_000_000, perPhoneHourlyLimit: 2 } };
    const send = () =>
      asFunction('notifier', () =>
        sendRegistrationCode(r.id, r.sealed, onboardingDeps.notify(clock, limits)),
      );
    const readsBefore = (await piiReadsOf(r.stored.customerId)).length;
    // Act
    const outcomes = [await send(), await send(), await send()];
    // Assess
    expect(outcomes).toEqual(['SENT', 'SENT', 'PHONE_LIMIT']);
    const sent = await outboxOf(r.applicant.phone);
    expect(sent.filter((m) => m.body.includes('246810'))).toHaveLength(2);
    expect((await piiReadsOf(r.stored.customerId)).length - readsBefore).toBe(2);
    const counter = await doc().send(
      new GetCommand({
        TableName: env('notifier', 'RISK_TABLE'),
        Key: { pk: `QUOTA#SMS#PHONE#${r.stored.phoneIndex}`, sk: '2031-03-04T13' },
      }),
    );
    expect(counter.Item).toMatchObject({ n: 2 });
    expect(counter.Item?.expiresAt).toBe(Date.parse('2031-03-05T06:00:00Z') / 1000);
    // No counter anywhere holds the number itself.
    const quota = await doc().send(
      new ScanCommand({
        TableName: env('notifier', 'RISK_TABLE'),
        FilterExpression: 'begins_with(pk, :q)',
        ExpressionAttributeValues: { ':q': 'QUOTA#' },
      }),
    );
    const phone = normalizePhone(r.applicant.phone);
    expect(JSON.stringify(quota.Items)).not.toContain(phone.slice(-8));
  });

  it("M6.3-a M2.1-a the day's limit stops every phone: the first send over it is refused, and the phone's unit is taken first", async () => {
    // Prepare: a day of this test's own with a limit of 2.
    const [a, b] = [await pendingRegistration(), await pendingRegistration()];
    const clock = at('2031-07-08T09:10:11Z');
    const limits = { sms: { dailyLimit: 2, perPhoneHourlyLimit: 20 } };
    const send = (reg: typeof a) =>
      asFunction('notifier', () =>
        sendRegistrationCode(reg.id, reg.sealed, onboardingDeps.notify(clock, limits)),
      );
    // Act
    const outcomes = [await send(a), await send(a), await send(b)];
    // Assess
    expect(outcomes).toEqual(['SENT', 'SENT', 'DAILY_LIMIT']);
    expect((await outboxOf(b.applicant.phone)).some((m) => m.body.includes('246810'))).toBe(false);
    const get = (pk: string, sk: string) =>
      doc()
        .send(new GetCommand({ TableName: env('notifier', 'RISK_TABLE'), Key: { pk, sk } }))
        .then((o) => o.Item?.n as number | undefined);
    expect(await get('QUOTA#SMS#DAY#2031-07-08', 'COUNT')).toBe(2);
    // The refused phone's hour took its unit before the day refused (the limit errs low).
    expect(await get(`QUOTA#SMS#PHONE#${b.stored.phoneIndex}`, '2031-07-08T17')).toBe(1);
  });

  it('M6.3-a M6.4-a over the limit the notifier acknowledges the message (no retry, no DLQ) and counts Finplat/Security SmsSpendLimitReached, the alarm metric', async () => {
    // Prepare: the deployed notifier with a daily limit of 1, which today's sends have reached.
    const r = await pendingRegistration();
    const settings = JSON.parse(decodeSettings(env('notifier', 'PLATFORM_SETTINGS'))) as Record<
      string,
      unknown
    >;
    const lines: string[] = [];
    setLogSink((l) => lines.push(l));
    // Act
    let out: unknown;
    try {
      out = await functionEnvironment.run(
        {
          ...process.env,
          ...inject('functionEnv').notifier,
          PLATFORM_SETTINGS: JSON.stringify({
            ...settings,
            sms: { dailyLimit: 1, perPhoneHourlyLimit: 20 },
          }),
          AWS_LAMBDA_FUNCTION_NAME: 'notifier',
        },
        () =>
          notifier(
            {
              Records: [
                {
                  messageId: `m-${randomUUID()}`,
                  body: JSON.stringify({
                    type: 'REGISTRATION_OTP',
                    registrationId: r.id,
                    sealedCode: r.sealed,
                  }),
                },
              ],
            } as never,
            {} as never,
          ),
      );
    } finally {
      useEmulator();
    }
    // Assess
    expect(out).toEqual({ batchItemFailures: [] });
    const metrics = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => '_aws' in l);
    expect(metrics).toEqual([expect.objectContaining({ Stage: 'local', SmsSpendLimitReached: 1 })]);
    expect(JSON.stringify(metrics[0])).toContain('Finplat/Security');
    expect(lines.join('\n')).toContain('"outcome":"DAILY_LIMIT"');
    expect((await outboxOf(r.applicant.phone)).some((m) => m.body.includes('246810'))).toBe(false);
  });
});
