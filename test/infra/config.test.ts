// Per-stage configuration: a bad or missing setting fails synthesis with a message naming it.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  deployBlockers,
  loadStageConfig,
  parseStageConfig,
  STAGE_SETTINGS,
  STAGES,
} from '../../infra/config';

const dev = STAGE_SETTINGS.dev as Record<string, unknown>;

describe('stage configuration', () => {
  it.each(STAGES)('loads the shipped settings of %s', (stage) => {
    expect(loadStageConfig(stage).stage).toBe(stage);
  });

  it.each([
    ['logRetentionDays', { ...dev, logRetentionDays: 8 }, 'logRetentionDays: must be one of'],
    ['account', { ...dev, account: '1234' }, 'account: must be a 12-digit AWS account id'],
    ['alarmEmail (missing)', { ...dev, alarmEmail: undefined }, 'alarmEmail:'],
    [
      'otp.ttlSeconds',
      { ...dev, otp: { ...(dev.otp as object), ttlSeconds: 5 } },
      'otp.ttlSeconds:',
    ],
    ['a typo', { ...dev, logRetentionDay: 14 }, 'logRetentionDay'],
    [
      'api.throttleBurstLimit',
      {
        ...dev,
        api: { ...(dev.api as object), throttleRateLimit: 100, throttleBurstLimit: 10 },
      },
      'api.throttleBurstLimit: must be at least throttleRateLimit',
    ],
    [
      'sms.perPhoneHourlyLimit below otp.maxSends (issue 12, the SMS spend limit)',
      { ...dev, sms: { dailyLimit: 500, perPhoneHourlyLimit: 2 } },
      'sms.perPhoneHourlyLimit: must be at least otp.maxSends (5)',
    ],
    [
      'sms.dailyLimit (issue 12, the SMS spend limit)',
      { ...dev, sms: { dailyLimit: 0, perPhoneHourlyLimit: 5 } },
      'sms.dailyLimit:',
    ],
    [
      'localOutbox outside local',
      { ...dev, localOutbox: true },
      'localOutbox: the SMS outbox sink exists only in the local stage',
    ],
  ])('rejects a bad %s, naming it', (_what, raw, message) => {
    expect(() => parseStageConfig('dev', raw)).toThrow(ConfigError);
    expect(() => parseStageConfig('dev', raw)).toThrow(message);
  });

  it('refuses a prod without WAF or with data that is not retained', () => {
    const prod = STAGE_SETTINGS.prod as Record<string, unknown>;
    expect(() =>
      parseStageConfig('prod', { ...prod, api: { ...(prod.api as object), waf: false } }),
    ).toThrow('api.waf: prod must run WAF');
    expect(() => parseStageConfig('prod', { ...prod, removalPolicy: 'destroy' })).toThrow(
      'removalPolicy: prod must run WAF and retain its data',
    );
  });

  it('M2.1-a High finding (prod KYC accepts a stub): staging and prod refuse the identity verification simulator and a switched-off face check at load', () => {
    for (const stage of ['staging', 'prod'] as const) {
      const raw = STAGE_SETTINGS[stage] as Record<string, unknown>;
      expect(parseStageConfig(stage, raw).kycProvider).toBe('unconfigured');
      expect(() => parseStageConfig(stage, { ...raw, kycProvider: 'simulator' })).toThrow(
        'kycProvider: the identity verification simulator accepts anyone: staging and prod need a real provider',
      );
      expect(() => parseStageConfig(stage, { ...raw, faceCheckRequired: false })).toThrow(
        'faceCheckRequired: staging and prod open accounts only after a face check',
      );
    }
    expect(parseStageConfig('dev', STAGE_SETTINGS.dev).kycProvider).toBe('simulator');
  });

  it('takes only exact https origins for CORS (http://localhost only in the local stage)', () => {
    const dev = STAGE_SETTINGS.dev as Record<string, unknown>;
    const withOrigins = (corsOrigins: string[]) => ({
      ...dev,
      api: { ...(dev.api as object), corsOrigins },
    });
    expect(() => parseStageConfig('dev', withOrigins(['http://localhost:5173']))).toThrow(
      'api.corsOrigins.0: only the local stage may allow an http origin',
    );
    for (const bad of ['*', 'https://app.example.com/', 'https://*.example.com', 'app.example.com'])
      expect(() => parseStageConfig('dev', withOrigins([bad])), bad).toThrow('api.corsOrigins.0');
    expect(
      parseStageConfig('dev', withOrigins(['https://app.example.com:8443'])).api.corsOrigins,
    ).toEqual(['https://app.example.com:8443']);
  });

  it('refuses an unknown or missing stage with the list of stages', () => {
    expect(() => loadStageConfig('qa')).toThrow('pass -c env=<local|dev|staging|prod>');
    expect(() => loadStageConfig(undefined)).toThrow('Unknown or missing stage');
  });

  it('fails `cdk synth` itself with the message when the stage is missing', () => {
    let stderr = '';
    try {
      execFileSync('npx', ['tsx', 'infra/app.ts'], {
        stdio: 'pipe',
        encoding: 'utf8',
        env: { ...process.env, CDK_CONTEXT_JSON: '{}' },
      });
    } catch (error) {
      stderr = String((error as { stderr?: string }).stderr);
    }
    expect(stderr).toContain(
      'Unknown or missing stage undefined: pass -c env=<local|dev|staging|prod>',
    );
  });
});

describe('deploying with placeholders (issue 12, Medium: prod placeholders deploy)', () => {
  it('M6.1-a Medium finding (prod config placeholders deploy): staging and prod refuse example accounts, example e-mails and unconfigured providers for a deploy, and synthesize them for review', () => {
    for (const stage of ['staging', 'prod'] as const) {
      expect(() => loadStageConfig(stage, 'deploy')).toThrow(/cannot be deployed/);
      expect(deployBlockers(loadStageConfig(stage, 'review'))).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^account: /),
          expect.stringMatching(/^alarmEmail: /),
          expect.stringMatching(/^riskAlertEmail: /),
          expect.stringMatching(/^paymentProvider: /),
          expect.stringMatching(/^kycProvider: /),
          expect.stringMatching(
            /^keys: arn:aws:iam::(\d)\1{11}:role\/finplat-key-administrators is in a placeholder account$/,
          ),
        ]),
      );
      expect(
        deployBlockers({
          ...loadStageConfig(stage, 'review'),
          keys: { administrators: [], operators: [], breakGlass: [] },
        }),
      ).toContain('keys.administrators: no key administrator besides CloudFormation');
      const real = {
        ...loadStageConfig(stage, 'review'),
        account: '482913570164',
        alarmEmail: 'oncall@bank.cn',
        riskAlertEmail: 'risk@bank.cn',
        paymentProvider: 'simulator' as const,
        kycProvider: 'simulator' as const,
        keys: {
          administrators: ['arn:aws:iam::482913570164:role/security-key-admins'],
          operators: ['arn:aws:iam::482913570164:role/platform-operators'],
          breakGlass: ['arn:aws:iam::482913570164:user/security-oncall'],
        },
      };
      expect(deployBlockers(real)).toEqual([]);
    }
    for (const stage of ['local', 'dev'] as const)
      expect(loadStageConfig(stage, 'deploy').stage).toBe(stage);
  });
});
