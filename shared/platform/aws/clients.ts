// AWS SDK clients: one per service per process (reused across invocations), each in its
// own module so that a function bundles only the clients its code reaches. The endpoint
// comes from AWS_ENDPOINT_URL when set (the local emulator). Tests and benchmarks add
// their middleware (request counting, fault injection) through onClientCreated; nothing
// of theirs is compiled into a function.

/** The part of an SDK client a hook may touch: its middleware stack. */
export interface Instrumentable {
  middlewareStack: {
    add: (
      mw: (
        next: (a: unknown) => Promise<unknown>,
        ctx: { clientName?: string; commandName?: string },
      ) => (a: unknown) => Promise<unknown>,
      opts: { step: 'initialize'; name: string },
    ) => void;
  };
}

export type ClientHook = (client: Instrumentable, service: string) => void;
const hooks: ClientHook[] = [];

/** Runs `hook` on every client created from now on in this process. */
export function onClientCreated(hook: ClientHook): void {
  hooks.push(hook);
}

/** Hands a new client to the hooks (none in a deployed function). */
export function created<T>(client: T, service: string): T {
  for (const hook of hooks) hook(client as unknown as Instrumentable, service);
  return client;
}
