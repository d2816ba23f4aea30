// Per-environment configuration: one validated entry per stage. A bad or missing
// setting fails synthesis with a message naming it (see loadStageConfig).
import { z } from 'zod';
import {
  DEFAULT_SUITABILITY,
  SuitabilityConfigSchema,
} from '../shared/investing/domain/suitability-config';
import { DEFAULT_SEGMENTATION, SegmentationConfigSchema } from '../shared/insight/domain/profiles';
import { DEFAULT_LIMITS, LimitsConfigSchema } from '../shared/risk/domain/limits';
import { KriConfigSchema } from '../shared/risk/domain/kri';
import { DEFAULT_KRI } from '../shared/risk/domain/default-kri';
import {
  ComplianceManagementConfigSchema,
  DEFAULT_COMPLIANCE_MANAGEMENT,
} from '../shared/compliance/domain/management-config';
import { DEFAULT_SERVICE, ServiceConfigSchema } from '../shared/service/domain/config';
import { DataAuditConfigSchema, DEFAULT_DATA_AUDIT } from '../shared/compliance/domain/data-audit';
import { DEFAULT_REPORTS_CONFIG, ReportsConfigSchema } from '../shared/compliance/domain/reports';
import { MAX_SHADOWS } from '../shared/risk/domain/rule-set-lifecycle';
import { CreditConfigSchema, DEFAULT_CREDIT_CONFIG } from '../shared/credit/domain/policy';
import { DEFAULT_MARKET_RISK_SETTINGS } from '../shared/risk/domain/market/stage';
import { marketRiskSettingsSchema } from '../shared/settings';

export const STAGES = ['local', 'dev', 'staging', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

/** Log retention values CloudWatch accepts (days). */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653];

export const StageConfigSchema = z
  .object({
    stage: z.enum(STAGES),
    /** 12-digit AWS account id the stage deploys to. */
    account: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id'),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region name'),
    /** CloudWatch Logs retention of every log group, in days. */
    logRetentionDays: z
      .number()
      .int()
      .refine((d) => RETENTION_DAYS.includes(d), `must be one of ${RETENTION_DAYS.join(', ')}`),
    /** What happens to stateful resources when the stack is deleted. */
    removalPolicy: z.enum(['destroy', 'retain']),
    api: z
      .object({
        throttleRateLimit: z.number().int().positive(),
        throttleBurstLimit: z.number().int().positive(),
        /** AWS WAF web ACL with managed rule groups in front of the API. */
        waf: z.boolean(),
        /**
         * Per-route limits below the stage's (API Gateway method throttling; the local gateway
         * applies the same): the routes an attacker hammers to take over or mass-create
         * accounts, or to spend SMS. Keyed by the route's operation id.
         */
        routeThrottles: z.record(
          z.string(),
          z
            .object({
              rateLimit: z.number().int().positive(),
              burstLimit: z.number().int().positive(),
            })
            .strict(),
        ),
        /**
         * WAF's account-takeover (login) and account-creation fraud (registration) managed
         * rule groups: paid per request, so on where the stage carries real customers.
         */
        fraudControl: z.boolean(),
        /** Requests one address may send to a sign-in or registration route in 5 minutes (WAF). */
        sensitivePerIpLimit: z.number().int().min(10).max(2_000_000_000),
        /**
         * Web app origins allowed to call the API from a browser (CORS): scheme, host and
         * port, exactly. https only, except http://localhost in the local stage.
         */
        corsOrigins: z
          .array(
            z
              .string()
              .regex(
                /^(https:\/\/[a-z0-9.-]+|http:\/\/localhost)(:\d{1,5})?$/,
                'must be an origin: https://host[:port] (http://localhost locally)',
              ),
          )
          .max(10),
      })
      .strict(),
    /**
     * Who administers the platform's KMS keys and who may break glass (ADR 0021). Key
     * administrators (IAM role ARNs; CloudFormation's execution role always is one) manage
     * the keys and cannot use them; `breakGlass` principals may assume the break-glass role,
     * with MFA, which alone besides the notifier may decrypt PII. No break-glass role where
     * the list is empty.
     */
    keys: z
      .object({
        /** CloudFormation's execution role, where not `cdk bootstrap`'s default. */
        deployRole: z
          .string()
          .regex(/^arn:aws(-cn)?:iam::\d{12}:role\/[\w+=,.@/-]+$/)
          .optional(),
        administrators: z.array(z.string().regex(/^arn:aws(-cn)?:iam::\d{12}:role\/[\w+=,.@/-]+$/)),
        /** Who redrives dead letters and restores tables (tier keys through SQS and DynamoDB). */
        operators: z.array(z.string().regex(/^arn:aws(-cn)?:iam::\d{12}:role\/[\w+=,.@/-]+$/)),
        breakGlass: z.array(
          z.string().regex(/^arn:aws(-cn)?:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/),
        ),
      })
      .strict(),
    /** Where alarm notifications are e-mailed (on-call rota address). */
    alarmEmail: z.email(),
    /** Where risk alerts are e-mailed (the risk team's address; M4.1-a). */
    riskAlertEmail: z.email(),
    /** Alerts opened in 5 minutes above which the alert-surge alarm fires (runbook risk-alert-surge). */
    riskAlertSurgeThreshold: z.number().int().min(1),
    otp: z
      .object({
        /** Lifetime of an SMS code, seconds (M2.1-a). */
        ttlSeconds: z.number().int().min(60).max(1800),
        /** Wrong codes before the registration locks. */
        maxAttempts: z.number().int().min(1).max(10),
        length: z.number().int().min(4).max(8),
        /** Seconds before another code may be requested. */
        resendIntervalSeconds: z.number().int().min(30).max(600),
        /** Codes one registration may be sent in all. */
        maxSends: z.number().int().min(1).max(10),
      })
      .strict(),
    /**
     * The SMS spend limit (issue 12, abuse controls): SMS the notifier sends in a China
     * Standard Time day across every phone, and to one phone in a CST hour (counted by its
     * blind index). Over either, the code is not sent and the notifier counts
     * `Finplat/Security` `SmsSpendLimitReached` or `SmsPhoneLimitReached` (runbook
     * sms-spend-limit). Raising the daily limit is a configuration change and a deploy.
     */
    sms: z
      .object({
        dailyLimit: z.number().int().min(1).max(10_000_000),
        /** At least `otp.maxSends`, so one registration can always have every code it may ask for. */
        perPhoneHourlyLimit: z.number().int().min(1).max(100),
      })
      .strict(),
    /** A registration not verified within this many hours expires and frees its identity. */
    registrationTtlHours: z.number().int().min(1).max(168),
    /** Whether verification also needs a passed face check (M2.1-a). */
    faceCheckRequired: z.boolean(),
    /**
     * Real-name verification (name against ID number, face against the ID photo): the
     * deterministic simulator, or none configured yet (every verification is refused).
     */
    kycProvider: z.enum(['simulator', 'unconfigured']),
    /** Minimum password length; the Cognito pool and the API validation share it. */
    passwordMinLength: z.number().int().min(8).max(64),
    /**
     * Staff sign-in (their own user pool, TOTP MFA required): minimum password length and
     * how long a session lasts before the password and a code are needed again (the refresh
     * token's lifetime; Cognito's minimum is one hour).
     */
    staff: z
      .object({
        passwordMinLength: z.number().int().min(14).max(64),
        sessionHours: z.number().int().min(1).max(12),
      })
      .strict(),
    /**
     * AWS Backup of every table (beside point-in-time recovery): daily, kept this many days;
     * `vaultLock` makes the vault refuse deletion or shortening of recovery points
     * (compliance mode) in prod. None in the local stage (the emulator has no AWS Backup).
     */
    backup: z
      .object({
        retentionDays: z.number().int().min(7).max(3650),
        vaultLock: z.boolean(),
      })
      .strict()
      .nullable(),
    /**
     * Reserved concurrency (abuse controls, and the NIST/PCI packs' LambdaConcurrency): every
     * function has a cap of its class, so no flood on one route takes the account's
     * concurrency from the others. Queue, stream and alarm consumers get `consumers` each (and
     * downstream sees a bounded rate); functions behind a public route (sign-in, registration)
     * `publicFunctions`; customer routes `customerFunctions`; staff routes `staffFunctions`;
     * scheduled jobs `jobs`. The sum must leave AWS's 100 unreserved executions of
     * `accountLimit` (the account's Lambda concurrency quota: raise it before the first deploy
     * where it is above the default 1000; docs/deploy.md). None where the account's concurrency
     * is too small to reserve from (local, dev).
     */
    concurrency: z
      .object({
        accountLimit: z.number().int().min(1000),
        consumers: z.number().int().min(1).max(1000),
        publicFunctions: z.number().int().min(1).max(1000),
        customerFunctions: z.number().int().min(1).max(1000),
        staffFunctions: z.number().int().min(1).max(1000),
        jobs: z.number().int().min(1).max(10),
      })
      .strict()
      .nullable(),
    /** Local stage only: the SMS outbox sink and its route. */
    localOutbox: z.boolean(),
    ledger: z
      .object({
        /** Shards of each platform account, so no single item takes every movement. */
        platformShards: z.number().int().min(1).max(64),
      })
      .strict(),
    settlement: z
      .object({
        /** Movements up to this amount (fen) settle T+0, larger ones T+1 (M2.3-b). */
        t0MaxAmount: z.number().int().positive(),
        /** Channels that always settle T+2. */
        t2Channels: z.array(z.string().min(1)),
        /** Non-working weekdays (YYYY-MM-DD, China Standard Time). */
        holidays: z.array(z.iso.date()),
        /** Weekend days worked in lieu of holidays. */
        workingWeekends: z.array(z.iso.date()),
      })
      .strict(),
    /** The payment provider: the deterministic simulator, or none configured yet. */
    paymentProvider: z.enum(['simulator', 'unconfigured']),
    /** Questionnaire scoring, product-rating model and matching rules (M2.2-a..c). */
    suitability: SuitabilityConfigSchema,
    /** Customer profile windows and value tiers (M2.4-c, M7.3-a). */
    segmentation: SegmentationConfigSchema,
    exposureLimits: LimitsConfigSchema,
    /** Which credit scorecard decides, and the lending policy (M3.1-a). */
    credit: CreditConfigSchema,
    /**
     * How long a function runs on the rule set versions it read before reading again (the
     * scorer and the pre-check read them with the rest of their state; ADR 0014).
     */
    ruleSetRefreshSeconds: z.number().int().min(0).max(300),
    /**
     * How long a function runs on the rule kill switches it read before reading them again
     * (`rule.<ruleId>`, ADR 0018): a switched rule stops or runs again within this, without a
     * deploy. The scorer and the pre-check read the switches' index item in the BatchGetItem
     * they make anyway, so a shorter period costs a read unit, not a request.
     */
    ruleSwitchRefreshSeconds: z.number().int().min(0).max(30),
    /**
     * How many rule set versions may run in shadow at once: each costs about 17 µs of
     * the scorer's time and 100 bytes of its history item per event (ADR 0014).
     */
    maxShadowRuleSets: z.number().int().min(1).max(MAX_SHADOWS),
    /**
     * Key risk indicators (M3.3-a, M3.4-a; docs/operational-risk.md): the manual's group
     * weights, each weight set summing to 100% (refused at synth otherwise), sources, bands
     * and the thresholds that raise monitoring alerts.
     */
    kri: KriConfigSchema,
    /**
     * Compliance management (M5.1-a, M5.4-a; docs/compliance-management.md): how many days
     * ahead a policy review is reminded, and the days past a remediation deadline of each
     * escalation level.
     */
    complianceManagement: ComplianceManagementConfigSchema,
    /**
     * Customer service (M7.4-a; docs/customer-service.md): the complaint SLA budgets (24 h first
     * response, 48 h result), calendar or business hours, the warning share, the breach severity.
     */
    service: ServiceConfigSchema.default(DEFAULT_SERVICE),
    /**
     * Regulatory reports (M1-c; docs/regulatory-reports.md): the reporting institution and
     * the large-value thresholds, shipped with the PBOC figures and their source.
     */
    regulatoryReports: ReportsConfigSchema,
    /** The data-security audit's thresholds (M7.1-a, M2.5-c; docs/data-security-audit.md). */
    dataAudit: DataAuditConfigSchema,
    /** Market risk (M3.2): the configuration's version, the series, the products' legs (ADR 0026). */
    marketRisk: marketRiskSettingsSchema(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.stage === 'prod' && !c.backup?.vaultLock) {
      ctx.addIssue({
        code: 'custom',
        path: ['backup'],
        message: 'prod must back its tables up into a locked vault',
      });
    }
    if (c.stage === 'staging' && !c.backup) {
      ctx.addIssue({
        code: 'custom',
        path: ['backup'],
        message: 'staging must back its tables up',
      });
    }
    if (c.sms.perPhoneHourlyLimit < c.otp.maxSends) {
      ctx.addIssue({
        code: 'custom',
        path: ['sms', 'perPhoneHourlyLimit'],
        message: `must be at least otp.maxSends (${c.otp.maxSends}): a customer could not have every code a registration allows`,
      });
    }
    if (c.localOutbox && c.stage !== 'local') {
      ctx.addIssue({
        code: 'custom',
        path: ['localOutbox'],
        message: 'the SMS outbox sink exists only in the local stage',
      });
    }
    if (c.kycProvider === 'simulator' && (c.stage === 'staging' || c.stage === 'prod')) {
      ctx.addIssue({
        code: 'custom',
        path: ['kycProvider'],
        message:
          'the identity verification simulator accepts anyone: staging and prod need a real provider',
      });
    }
    if (c.stage !== 'local' && c.stage !== 'dev' && !c.faceCheckRequired) {
      ctx.addIssue({
        code: 'custom',
        path: ['faceCheckRequired'],
        message: 'staging and prod open accounts only after a face check',
      });
    }
    if (c.paymentProvider === 'simulator' && (c.stage === 'staging' || c.stage === 'prod')) {
      ctx.addIssue({
        code: 'custom',
        path: ['paymentProvider'],
        message: 'the payment simulator moves no real money: staging and prod need a real provider',
      });
    }
    for (const d of c.settlement.holidays) {
      if (c.settlement.workingWeekends.includes(d)) {
        ctx.addIssue({
          code: 'custom',
          path: ['settlement', 'holidays'],
          message: `${d} is also a working weekend`,
        });
      }
    }
    c.api.corsOrigins.forEach((o, i) => {
      if (c.stage !== 'local' && o.startsWith('http://'))
        ctx.addIssue({
          code: 'custom',
          path: ['api', 'corsOrigins', i],
          message: 'only the local stage may allow an http origin',
        });
    });
    if (c.api.throttleBurstLimit < c.api.throttleRateLimit) {
      ctx.addIssue({
        code: 'custom',
        path: ['api', 'throttleBurstLimit'],
        message: 'must be at least throttleRateLimit',
      });
    }
    if (c.stage === 'prod' && (!c.api.waf || c.removalPolicy !== 'retain')) {
      ctx.addIssue({
        code: 'custom',
        path: [c.api.waf ? 'removalPolicy' : 'api', ...(c.api.waf ? [] : ['waf'])],
        message: 'prod must run WAF and retain its data',
      });
    }
  });

export type StageConfig = z.infer<typeof StageConfigSchema>;

/**
 * The routes that sign in, create accounts or send SMS, limited below the stage's rate
 * (requests a second across all callers; WAF limits each address as well).
 */
const SENSITIVE_ROUTE_THROTTLES = {
  register: { rateLimit: 20, burstLimit: 40 },
  verifyRegistration: { rateLimit: 50, burstLimit: 100 },
  resendCode: { rateLimit: 10, burstLimit: 20 },
  login: { rateLimit: 100, burstLimit: 200 },
  staffLogin: { rateLimit: 5, burstLimit: 10 },
  staffAnswerChallenge: { rateLimit: 10, burstLimit: 20 },
  staffMfaSetup: { rateLimit: 5, burstLimit: 10 },
};

/** The local stage runs the test suite's bursts through the same mechanism, higher. */
const LOCAL_ROUTE_THROTTLES = Object.fromEntries(
  Object.keys(SENSITIVE_ROUTE_THROTTLES).map((k) => [k, { rateLimit: 500, burstLimit: 1000 }]),
);

const common = {
  logRetentionDays: 30,
  otp: { ttlSeconds: 300, maxAttempts: 5, length: 6, resendIntervalSeconds: 60, maxSends: 5 },
  // A registration takes at most otp.maxSends codes; the daily limits are per stage below.
  sms: { dailyLimit: 500, perPhoneHourlyLimit: 5 },
  registrationTtlHours: 24,
  passwordMinLength: 10,
  staff: { passwordMinLength: 14, sessionHours: 8 },
  backup: { retentionDays: 35, vaultLock: false },
  concurrency: null,
  localOutbox: false,
  ledger: { platformShards: 16 },
  suitability: DEFAULT_SUITABILITY,
  segmentation: DEFAULT_SEGMENTATION,
  exposureLimits: DEFAULT_LIMITS,
  credit: DEFAULT_CREDIT_CONFIG,
  ruleSetRefreshSeconds: 10,
  ruleSwitchRefreshSeconds: 5,
  maxShadowRuleSets: 20,
  kri: DEFAULT_KRI,
  complianceManagement: DEFAULT_COMPLIANCE_MANAGEMENT,
  service: DEFAULT_SERVICE,
  regulatoryReports: DEFAULT_REPORTS_CONFIG,
  dataAudit: DEFAULT_DATA_AUDIT,
  marketRisk: DEFAULT_MARKET_RISK_SETTINGS,
  settlement: {
    t0MaxAmount: 5_000_000,
    t2Channels: [],
    // Operations keep this calendar current from the State Council's annual notice.
    holidays: [
      '2026-01-01',
      '2026-01-02',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-23',
      '2026-04-06',
      '2026-05-01',
      '2026-05-04',
      '2026-05-05',
      '2026-06-19',
      '2026-09-25',
      '2026-10-01',
      '2026-10-02',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
      '2027-01-01',
    ],
    workingWeekends: ['2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
  paymentProvider: 'simulator',
  kycProvider: 'simulator',
  riskAlertEmail: 'risk-alerts@example.com',
  riskAlertSurgeThreshold: 50,
  keys: { administrators: [], operators: [], breakGlass: [] },
} as const;

/** The one place each stage's settings live. */
export const STAGE_SETTINGS: Record<Stage, unknown> = {
  local: {
    ...common,
    stage: 'local',
    account: '123456789012',
    backup: null,
    region: 'us-east-1',
    logRetentionDays: 7,
    removalPolicy: 'destroy',
    // The web console's development server (Vite's default port).
    api: {
      throttleRateLimit: 1000,
      throttleBurstLimit: 2000,
      waf: false,
      routeThrottles: LOCAL_ROUTE_THROTTLES,
      fraudControl: false,
      sensitivePerIpLimit: 100_000,
      corsOrigins: ['http://localhost:5173'],
    },
    alarmEmail: 'oncall@example.com',
    faceCheckRequired: false,
    localOutbox: true,
    // The test suite and the soak register thousands of customers a run; phones may repeat.
    sms: { dailyLimit: 1_000_000, perPhoneHourlyLimit: 20 },
    // Every read sees a newly published version or a thrown rule switch at once (tests
    // publish or switch, then score at once).
    ruleSetRefreshSeconds: 0,
    ruleSwitchRefreshSeconds: 0,
  },
  dev: {
    ...common,
    stage: 'dev',
    account: '111111111111',
    region: 'ap-southeast-1',
    logRetentionDays: 14,
    removalPolicy: 'destroy',
    api: {
      throttleRateLimit: 50,
      throttleBurstLimit: 100,
      waf: false,
      routeThrottles: SENSITIVE_ROUTE_THROTTLES,
      fraudControl: false,
      sensitivePerIpLimit: 300,
      corsOrigins: ['https://app.dev.finplat.example'],
    },
    alarmEmail: 'oncall-dev@example.com',
    faceCheckRequired: false,
  },
  staging: {
    ...common,
    stage: 'staging',
    account: '222222222222',
    concurrency: {
      accountLimit: 1000,
      consumers: 5,
      publicFunctions: 20,
      customerFunctions: 20,
      staffFunctions: 5,
      jobs: 2,
    },
    region: 'ap-southeast-1',
    removalPolicy: 'retain',
    api: {
      throttleRateLimit: 200,
      throttleBurstLimit: 400,
      waf: true,
      routeThrottles: SENSITIVE_ROUTE_THROTTLES,
      fraudControl: false,
      sensitivePerIpLimit: 300,
      corsOrigins: ['https://app.staging.finplat.example'],
    },
    alarmEmail: 'oncall-staging@example.com',
    keys: {
      administrators: ['arn:aws:iam::222222222222:role/finplat-key-administrators'],
      operators: ['arn:aws:iam::222222222222:role/finplat-operators'],
      // IAM users with MFA: the break-glass role's trust requires aws:MultiFactorAuthPresent.
      breakGlass: ['arn:aws:iam::222222222222:user/security-oncall'],
    },
    sms: { dailyLimit: 2_000, perPhoneHourlyLimit: 5 },
    faceCheckRequired: true,
    paymentProvider: 'unconfigured',
    kycProvider: 'unconfigured',
  },
  prod: {
    ...common,
    stage: 'prod',
    account: '333333333333',
    // About 1,810 reserved: the account's quota is raised to 2,000 before the first deploy.
    concurrency: {
      accountLimit: 2000,
      consumers: 20,
      publicFunctions: 50,
      customerFunctions: 90,
      staffFunctions: 5,
      jobs: 2,
    },
    // Financial records: a year of daily recovery points, locked against deletion.
    backup: { retentionDays: 365, vaultLock: true },
    region: 'ap-southeast-1',
    logRetentionDays: 365,
    removalPolicy: 'retain',
    // No browser origin until the web app's is decided: add it here (CORS).
    api: {
      throttleRateLimit: 1000,
      throttleBurstLimit: 2000,
      waf: true,
      routeThrottles: SENSITIVE_ROUTE_THROTTLES,
      // Account takeover and account creation fraud prevention (AWS WAF Fraud Control).
      fraudControl: true,
      sensitivePerIpLimit: 300,
      corsOrigins: [],
    },
    alarmEmail: 'oncall@example.com',
    keys: {
      administrators: ['arn:aws:iam::333333333333:role/finplat-key-administrators'],
      operators: ['arn:aws:iam::333333333333:role/finplat-operators'],
      // IAM users with MFA: the break-glass role's trust requires aws:MultiFactorAuthPresent.
      breakGlass: ['arn:aws:iam::333333333333:user/security-oncall'],
    },
    // About ten times the registrations a day expected at launch (each takes one to five
    // SMS); at a few fen an SMS, the most a flood can spend in a day.
    sms: { dailyLimit: 50_000, perPhoneHourlyLimit: 5 },
    faceCheckRequired: true,
    paymentProvider: 'unconfigured',
    kycProvider: 'unconfigured',
  },
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses one stage's settings; throws a ConfigError naming every bad setting. */
export function parseStageConfig(stage: string, raw: unknown): StageConfig {
  const result = StageConfigSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration for stage "${stage}":\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Account ids that are examples, not accounts: the shipped settings use them until set. */
const PLACEHOLDER_ACCOUNT = /^(\d)\1{11}$|^123456789012$/;
const PLACEHOLDER_EMAIL = /@example\.(com|org|net)$/i;

/**
 * What stops a stage from being deployed though it synthesizes for review (issue 12: prod
 * placeholders must fail instead of deploying): example account ids and e-mail addresses,
 * and providers not configured. Only staging and prod hold real customers.
 */
export function deployBlockers(c: StageConfig): string[] {
  if (c.stage !== 'staging' && c.stage !== 'prod') return [];
  return [
    ...(PLACEHOLDER_ACCOUNT.test(c.account) ? [`account: ${c.account} is a placeholder`] : []),
    ...(PLACEHOLDER_EMAIL.test(c.alarmEmail)
      ? [`alarmEmail: ${c.alarmEmail} is a placeholder (on-call would never be paged)`]
      : []),
    ...(PLACEHOLDER_EMAIL.test(c.riskAlertEmail)
      ? [`riskAlertEmail: ${c.riskAlertEmail} is a placeholder (risk staff would never be told)`]
      : []),
    ...[...c.keys.administrators, ...c.keys.operators, ...c.keys.breakGlass]
      .filter((arn) => PLACEHOLDER_ACCOUNT.test(arn.split(':')[4] ?? ''))
      .map((arn) => `keys: ${arn} is in a placeholder account`),
    ...(c.keys.administrators.length === 0
      ? ['keys.administrators: no key administrator besides CloudFormation']
      : []),
    ...(c.paymentProvider === 'unconfigured'
      ? ['paymentProvider: no payment provider is configured']
      : []),
    ...(c.kycProvider === 'unconfigured'
      ? ['kycProvider: no identity verification provider is configured']
      : []),
  ];
}

/**
 * A stage's validated settings. `deploy` (the CDK entry point, unless `-c review=true`)
 * also refuses what `deployBlockers` names; `review` (tests, the security report, a review
 * synth) accepts it, since those templates are read, never deployed.
 */
export function loadStageConfig(
  stage: unknown,
  purpose: 'deploy' | 'review' = 'review',
): StageConfig {
  if (typeof stage !== 'string' || !(STAGES as readonly string[]).includes(stage)) {
    throw new ConfigError(
      `Unknown or missing stage ${JSON.stringify(stage)}: pass -c env=<${STAGES.join('|')}>`,
    );
  }
  const config = parseStageConfig(stage, STAGE_SETTINGS[stage as Stage]);
  const blockers = purpose === 'deploy' ? deployBlockers(config) : [];
  if (blockers.length)
    throw new ConfigError(
      `Stage "${stage}" cannot be deployed until these are set (infra/config.ts; synthesize for review with -c review=true):\n${blockers.map((b) => `  ${b}`).join('\n')}`,
    );
  return config;
}
