// The runtime settings of a stage (PLATFORM_SETTINGS): the platform's own values composed
// with each module's configuration schema, validated once per process. A missing or
// malformed value throws at load, naming it, instead of failing later on a request.
import * as z from 'zod';
import { CreditConfigSchema, DEFAULT_CREDIT_CONFIG } from './credit';
import { DEFAULT_SEGMENTATION, SegmentationConfigSchema } from './insight';
import { DEFAULT_SUITABILITY, PRODUCT_TYPES, SuitabilityConfigSchema } from './investing';
import { DEFAULT_SERVICE, ServiceConfigSchema } from './service';
import {
  DEFAULT_KRI,
  DEFAULT_LIMITS,
  KriConfigSchema,
  LimitsConfigSchema,
  MarketRiskSettingsSchema,
  MAX_SHADOWS,
  type MarketRiskSettings,
  type MarketRiskSettingsInput,
} from './risk';
import { ComplianceManagementConfigSchema, DEFAULT_COMPLIANCE_MANAGEMENT } from './compliance';
import {
  DataAuditConfigSchema,
  DEFAULT_DATA_AUDIT,
  DEFAULT_REPORTS_CONFIG,
  ReportsConfigSchema,
} from './compliance';
import { currentEnv, decodeSettings, ENV, MissingConfigError, requireEnv } from './platform';

/**
 * The modules' configurations as they ship in the code. A stage's environment carries one of
 * these only where the stage departs from it (Lambda allows 4 KB of environment in all), so
 * an absent section is the shipped one; a present one is validated like any other.
 */
export const SHIPPED_MODULE_SETTINGS = {
  suitability: DEFAULT_SUITABILITY,
  segmentation: DEFAULT_SEGMENTATION,
  exposureLimits: DEFAULT_LIMITS,
  credit: DEFAULT_CREDIT_CONFIG,
  kri: DEFAULT_KRI,
  complianceManagement: DEFAULT_COMPLIANCE_MANAGEMENT,
  service: DEFAULT_SERVICE,
  regulatoryReports: DEFAULT_REPORTS_CONFIG,
  dataAudit: DEFAULT_DATA_AUDIT,
};
export type ModuleSetting = keyof typeof SHIPPED_MODULE_SETTINGS;

type MarketSettingsSchema = z.ZodType<MarketRiskSettings, MarketRiskSettingsInput>;
let marketSchema: MarketSettingsSchema | undefined;
/**
 * Market-risk settings in which every product type of the investing module has legs. Built
 * on first use: only the functions that price portfolios bundle the market-risk code.
 */
export function marketRiskSettingsSchema(): MarketSettingsSchema {
  marketSchema ??= MarketRiskSettingsSchema.superRefine((m, ctx) => {
    const missing = PRODUCT_TYPES.filter((t) => !m.productTypes.some((p) => p.productId === t));
    if (missing.length)
      ctx.addIssue({
        code: 'custom',
        path: ['productTypes'],
        message: `no legs for product types ${missing.join(', ')}: a holding of one could not be priced`,
      });
  });
  return marketSchema;
}

export const RuntimeSettingsSchema = z
  .object({
    stage: z.enum(['local', 'dev', 'staging', 'prod']),
    otp: z
      .object({
        ttlSeconds: z.number().int().positive(),
        maxAttempts: z.number().int().positive(),
        length: z.number().int().min(4).max(8),
        resendIntervalSeconds: z.number().int().positive(),
        maxSends: z.number().int().positive(),
      })
      .strict(),
    /** The SMS spend limit (issue 12, abuse controls): per CST day, per phone and hour. */
    sms: z
      .object({
        dailyLimit: z.number().int().positive(),
        perPhoneHourlyLimit: z.number().int().positive(),
      })
      .strict(),
    registrationTtlHours: z.number().int().positive(),
    faceCheckRequired: z.boolean(),
    /** Real-name verification: the simulator (local, dev) or none configured (fails closed). */
    kycProvider: z.enum(['simulator', 'unconfigured']),
    passwordMinLength: z.number().int().min(8),
    /** The staff pool's minimum password length (temporary passwords are at least this long). */
    staffPasswordMinLength: z.number().int().min(14),
    ledger: z.object({ platformShards: z.number().int().min(1).max(64) }).strict(),
    settlement: z
      .object({
        t0MaxAmount: z.number().int().positive(),
        t2Channels: z.array(z.string()),
        holidays: z.array(z.string()),
        workingWeekends: z.array(z.string()),
      })
      .strict(),
    paymentProvider: z.enum(['simulator', 'unconfigured']),
    suitability: SuitabilityConfigSchema.default(DEFAULT_SUITABILITY),
    /** Customer profile windows and value tiers (M2.4-c, M7.3-a). */
    segmentation: SegmentationConfigSchema.default(DEFAULT_SEGMENTATION),
    /** Exposure limits by KYC tier and risk level (M4.2-a, ADR 0013). */
    exposureLimits: LimitsConfigSchema.default(DEFAULT_LIMITS),
    /** Which credit scorecard decides, and the lending policy (M3.1-a, issue 13). */
    credit: CreditConfigSchema.default(DEFAULT_CREDIT_CONFIG),
    /** How long a function runs on the rule set versions it read before reading again. */
    ruleSetRefreshSeconds: z.number().int().min(0).max(300),
    /** How long a function runs on the rule kill switches it read before reading again. */
    ruleSwitchRefreshSeconds: z.number().int().min(0).max(30),
    /** How many rule set versions may run in shadow at once (ADR 0014). */
    maxShadowRuleSets: z.number().int().min(1).max(MAX_SHADOWS),
    /** Key risk indicators: weights, sources, bands and thresholds (M3.3-a, M3.4-a). */
    kri: KriConfigSchema.default(DEFAULT_KRI),
    /** Compliance management: policy review reminders, remediation escalation (M5.1-a, M5.4-a). */
    complianceManagement: ComplianceManagementConfigSchema.default(DEFAULT_COMPLIANCE_MANAGEMENT),
    /** Customer service: complaint SLA clocks, warnings and breach alerts (M7.4-a). */
    service: ServiceConfigSchema.default(DEFAULT_SERVICE),
    /** Large-value report thresholds (PBOC figures, with their source) and the institution (M1-c). */
    regulatoryReports: ReportsConfigSchema.default(DEFAULT_REPORTS_CONFIG),
    /** The data-security audit's thresholds (M7.1-a, M2.5-c). */
    dataAudit: DataAuditConfigSchema.default(DEFAULT_DATA_AUDIT),
  })
  .strict();
export type RuntimeSettings = z.infer<typeof RuntimeSettingsSchema>;

/**
 * A setting's variable, decoded and validated once per process (per value): a missing or
 * malformed one throws at load, naming the variable and each issue.
 */
function parsedSetting<T>(
  name: string,
  raw: string,
  schema: z.ZodType<T, unknown>,
  cache: Map<string, T>,
): T {
  const hit = cache.get(raw);
  if (hit) return hit;
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeSettings(raw));
  } catch (cause) {
    throw new MissingConfigError(`${name} is not JSON`, { cause });
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    throw new MissingConfigError(
      `${name} invalid: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  cache.set(raw, result.data);
  return result.data;
}

const cache = new Map<string, RuntimeSettings>();
export function settings(env: NodeJS.ProcessEnv = currentEnv()): RuntimeSettings {
  return parsedSetting(
    'PLATFORM_SETTINGS',
    requireEnv('PLATFORM_SETTINGS', env),
    RuntimeSettingsSchema,
    cache,
  );
}

const marketCache = new Map<string, MarketRiskSettings>();
/**
 * The stage's market-risk settings (MARKET_RISK_SETTINGS, set only on the functions that
 * price portfolios: every function's environment shares Lambda's 4 KB, and PLATFORM_SETTINGS
 * already takes most of it; ADR 0026). Validated once per process like the rest.
 */
export function marketRiskSettings(env: NodeJS.ProcessEnv = currentEnv()): MarketRiskSettings {
  return parsedSetting(
    'MARKET_RISK_SETTINGS',
    requireEnv(ENV.marketRiskSettings, env),
    marketRiskSettingsSchema(),
    marketCache,
  );
}
