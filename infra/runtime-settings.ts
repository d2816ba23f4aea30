// The part of a stage's configuration that functions read at cold start (as one environment
// variable, validated again there by shared/settings.ts). A module's configuration goes in
// only where the stage departs from what ships in the code (SHIPPED_MODULE_SETTINGS).
import { isDeepStrictEqual } from 'node:util';
import {
  SHIPPED_MODULE_SETTINGS,
  type ModuleSetting,
  type RuntimeSettings,
} from '../shared/settings';
import {
  compactMarketRiskSettings,
  type MarketRiskSettingsInput,
} from '../shared/risk/domain/market/stage';
import type { StageConfig } from './config';

/** The stage's settings in full, as functions see them once the shipped ones are filled in. */
export function runtimeSettings(config: StageConfig): RuntimeSettings {
  return {
    stage: config.stage,
    otp: config.otp,
    sms: config.sms,
    registrationTtlHours: config.registrationTtlHours,
    faceCheckRequired: config.faceCheckRequired,
    kycProvider: config.kycProvider,
    passwordMinLength: config.passwordMinLength,
    staffPasswordMinLength: config.staff.passwordMinLength,
    ledger: config.ledger,
    settlement: config.settlement,
    paymentProvider: config.paymentProvider,
    suitability: config.suitability,
    segmentation: config.segmentation,
    exposureLimits: config.exposureLimits,
    credit: config.credit,
    ruleSetRefreshSeconds: config.ruleSetRefreshSeconds,
    ruleSwitchRefreshSeconds: config.ruleSwitchRefreshSeconds,
    maxShadowRuleSets: config.maxShadowRuleSets,
    kri: config.kri,
    complianceManagement: config.complianceManagement,
    service: config.service,
    regulatoryReports: config.regulatoryReports,
    dataAudit: config.dataAudit,
  };
}

/** What the environment carries: the settings less the module sections equal to the shipped ones. */
export function environmentSettings(config: StageConfig): Partial<RuntimeSettings> {
  const all: Partial<RuntimeSettings> = { ...runtimeSettings(config) };
  for (const k of Object.keys(SHIPPED_MODULE_SETTINGS) as ModuleSetting[])
    if (isDeepStrictEqual(all[k], SHIPPED_MODULE_SETTINGS[k])) delete all[k];
  return all;
}

/** The market-risk settings, only for the functions that price portfolios (ADR 0026). */
export function marketRiskRuntimeSettings(config: StageConfig): MarketRiskSettingsInput {
  return compactMarketRiskSettings(config.marketRisk);
}
