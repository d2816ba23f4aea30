// Configuration a function reads once at cold start. A missing or malformed variable
// throws at load, naming it, instead of failing later on a request.
import { z } from 'zod';

export const RuntimeSettingsSchema = z
  .object({
    stage: z.enum(['local', 'dev', 'staging', 'prod']),
    otp: z
      .object({
        ttlSeconds: z.number().int().positive(),
        maxAttempts: z.number().int().positive(),
        length: z.number().int().min(4).max(8),
      })
      .strict(),
    registrationTtlHours: z.number().int().positive(),
    faceCheckRequired: z.boolean(),
    passwordMinLength: z.number().int().min(8),
  })
  .strict();
export type RuntimeSettings = z.infer<typeof RuntimeSettingsSchema>;

export class MissingConfigError extends Error {
  override readonly name = 'MissingConfigError';
}

export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new MissingConfigError(`environment variable ${name} is not set`);
  }
  return value;
}

let cached: RuntimeSettings | undefined;
export function settings(env: NodeJS.ProcessEnv = process.env): RuntimeSettings {
  if (cached && env === process.env) return cached;
  const raw = requireEnv('PLATFORM_SETTINGS', env);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (cause) {
    throw new MissingConfigError('PLATFORM_SETTINGS is not JSON', { cause });
  }
  const result = RuntimeSettingsSchema.safeParse(parsed);
  if (!result.success) {
    throw new MissingConfigError(
      `PLATFORM_SETTINGS invalid: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  if (env === process.env) cached = result.data;
  return result.data;
}
