// The risk-matching rule (M2.2-a): a customer may buy a product whose level (R1..R5) is at
// most their tolerance (C1..C5) while their assessment is valid. Above C1, a product a
// configured number of levels above their tolerance may be bought only with an explicit
// acknowledgement of the warning shown, which is recorded with the order. Pure.

export interface SuitabilityRules {
  /** How many levels above the customer's an acknowledged purchase may go (0 = never). */
  readonly acknowledgeLevelsAbove: number;
  /** The lowest customer level that may acknowledge at all (C1 customers never can). */
  readonly acknowledgeFromLevel: number;
}

export interface SuitabilityInput {
  readonly customerLevel?: number;
  readonly assessmentExpiresAt?: string;
  readonly productLevel: number;
  readonly acknowledged: boolean;
  readonly now: Date;
}

export type SuitabilityDecision =
  | { readonly allowed: true; readonly acknowledged: boolean; readonly explanation: string }
  | {
      readonly allowed: false;
      readonly code: 'ASSESSMENT_REQUIRED' | 'ASSESSMENT_EXPIRED' | 'SUITABILITY_MISMATCH';
      readonly explanation: string;
      /** Whether sending an acknowledgement of `warning` would allow the order. */
      readonly acknowledgementAllowed: boolean;
      readonly warning?: string;
    };

export const warningFor = (customerLevel: number, productLevel: number) =>
  `This product is rated R${productLevel}, above your risk tolerance C${customerLevel}. ` +
  'You may lose more than you told us you can accept. Buy it only if you understand and accept that risk.';

export function checkSuitability(
  i: SuitabilityInput,
  rules: SuitabilityRules,
): SuitabilityDecision {
  if (i.customerLevel === undefined || i.assessmentExpiresAt === undefined) {
    return {
      allowed: false,
      code: 'ASSESSMENT_REQUIRED',
      explanation: 'Complete the risk-tolerance assessment before buying a product.',
      acknowledgementAllowed: false,
    };
  }
  if (new Date(i.assessmentExpiresAt) <= i.now) {
    return {
      allowed: false,
      code: 'ASSESSMENT_EXPIRED',
      explanation: `Your risk-tolerance assessment expired on ${i.assessmentExpiresAt}; assess again before buying.`,
      acknowledgementAllowed: false,
    };
  }
  const c = i.customerLevel;
  const r = i.productLevel;
  if (r <= c) {
    return {
      allowed: true,
      acknowledged: false,
      explanation: `Product R${r} is within your risk tolerance C${c}.`,
    };
  }
  const mayAcknowledge = c >= rules.acknowledgeFromLevel && r - c <= rules.acknowledgeLevelsAbove;
  if (mayAcknowledge && i.acknowledged) {
    return {
      allowed: true,
      acknowledged: true,
      explanation: `Product R${r} is above your risk tolerance C${c}; you acknowledged the warning.`,
    };
  }
  return {
    allowed: false,
    code: 'SUITABILITY_MISMATCH',
    explanation: mayAcknowledge
      ? `Product R${r} is above your risk tolerance C${c}. Send acknowledgement of the warning to buy it anyway.`
      : `Product R${r} is above your risk tolerance C${c}${c < rules.acknowledgeFromLevel ? '; C' + c + ' customers cannot buy above their level' : ''}.`,
    acknowledgementAllowed: mayAcknowledge,
    ...(mayAcknowledge ? { warning: warningFor(c, r) } : {}),
  };
}
