// The rule packs every stage is checked against at synthesis (cdk-nag): AWS Solutions, NIST
// 800-53 rev 5 and PCI DSS 3.2.1. What a pack flags is fixed, or acknowledged where it is
// flagged, per rule and resource, with the reason it does not apply (each stage's security
// report, docs/security/<stage>.md, lists every acknowledgement).
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

export function addRulePacks(app: App): void {
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app),
    new NIST80053R5Checks(app),
    new PCIDSS321Checks(app),
  );
}

export type CompliancePack = 'NIST.800.53.R5' | 'PCI.DSS.321';
const BOTH: readonly CompliancePack[] = ['NIST.800.53.R5', 'PCI.DSS.321'];

/** Acknowledges one compliance rule on `scope` in the packs that have it (both by default). */
export function acknowledgeRule(
  scope: IConstruct,
  rule: string,
  reason: string,
  packs: readonly CompliancePack[] = BOTH,
): void {
  for (const pack of packs) Validations.of(scope).acknowledge({ id: `${pack}-${rule}`, reason });
}
