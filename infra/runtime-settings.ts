// The part of a stage's configuration that functions read at cold start (as one JSON
// environment variable, validated again there by shared/settings.ts).
import type { RuntimeSettings } from '../shared/settings';
import {
  compactMarketRiskSettings,
  type MarketRiskSettingsInput,
} from '../shared/risk/domain/market/stage';
import type { StageConfig } from './config';

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
    ruleSetRefreshSeconds: config.ruleSetRefreshSeconds,
    ruleSwitchRefreshSeconds: config.ruleSwitchRefreshSeconds,
    maxShadowRuleSets: config.maxShadowRuleSets,
  };
}

/** The market-risk settings, only for the functions that price portfolios (ADR 0024). */
export function marketRiskRuntimeSettings(config: StageConfig): MarketRiskSettingsInput {
  return compactMarketRiskSettings(config.marketRisk);
}
