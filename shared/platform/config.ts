// Configuration a function reads at cold start: its environment. A missing or malformed variable
// throws at load, naming it, instead of failing later on a request.
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The local gateway runs every function in one process; it sets each invocation's own
 * environment here so a function sees only the variables its stack gives it.
 */
export const functionEnvironment = new AsyncLocalStorage<NodeJS.ProcessEnv>();
export function currentEnv(): NodeJS.ProcessEnv {
  return functionEnvironment.getStore() ?? process.env;
}

export class MissingConfigError extends Error {
  override readonly name = 'MissingConfigError';
}

export function requireEnv(name: string, env: NodeJS.ProcessEnv = currentEnv()): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new MissingConfigError(`environment variable ${name} is not set`);
  }
  return value;
}
