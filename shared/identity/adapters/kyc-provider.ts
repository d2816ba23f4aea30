// Real-name verification (M2.1-a) behind a provider interface: the name-and-ID check against
// the authority's records (two-element verification through a licensed vendor) at
// registration, and the face match (liveness, and the face against the ID photo the
// authority holds) at verification. A stage names its provider in its config; staging and
// prod refuse the simulator at load (infra/config.ts), and a stage without a provider
// refuses every verification (fail closed), so no account opens on a stub.

export type KycOutcome =
  { readonly passed: true } | { readonly passed: false; readonly reason: string };

export interface KycProvider {
  /** Does the authority hold this name for this ID number? */
  verifyNameAndId(req: {
    registrationId: string;
    name: string;
    idNumber: string;
  }): Promise<KycOutcome>;
  /** Does the live face behind `token` match the ID photo of the registration's identity? */
  matchFace(req: { registrationId: string; token: string }): Promise<KycOutcome>;
}

/** The provider did not answer, or none is configured: nothing is verified. */
export class KycUnavailableError extends Error {
  override readonly name = 'KycUnavailableError';
}

/**
 * The local and dev stages' deterministic stand-in (README, "Onboard a customer by hand"): an ID number whose
 * sequence code (its 15th to 17th characters) is 999 is held under another name; the face
 * token `local-pass:<registrationId>` passes, anything else fails.
 */
export class SimulatedKycProvider implements KycProvider {
  async verifyNameAndId(req: { idNumber: string }): Promise<KycOutcome> {
    return req.idNumber.slice(14, 17) === '999'
      ? { passed: false, reason: 'the authority holds another name for this ID number' }
      : { passed: true };
  }

  async matchFace(req: { registrationId: string; token: string }): Promise<KycOutcome> {
    return req.token === `local-pass:${req.registrationId}`
      ? { passed: true }
      : { passed: false, reason: 'face does not match the ID photo' };
  }
}

/** A stage with no provider configured: every verification is refused. */
export class UnconfiguredKycProvider implements KycProvider {
  async verifyNameAndId(): Promise<KycOutcome> {
    throw new KycUnavailableError('no identity verification provider is configured');
  }

  async matchFace(): Promise<KycOutcome> {
    throw new KycUnavailableError('no identity verification provider is configured');
  }
}
