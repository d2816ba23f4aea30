// Face recognition (M2.1-a) behind a provider interface. The local provider is
// deterministic: a token "local-pass:<registrationId>" passes, anything else fails.
export interface FaceCheckResult {
  readonly passed: boolean;
  readonly reason?: string;
}

export interface FaceCheckProvider {
  check(registrationId: string, token: string): Promise<FaceCheckResult>;
}

export class LocalFaceCheckProvider implements FaceCheckProvider {
  async check(registrationId: string, token: string): Promise<FaceCheckResult> {
    return token === `local-pass:${registrationId}`
      ? { passed: true }
      : { passed: false, reason: 'face does not match the ID photo' };
  }
}
