// Lambda reads a table's change stream moments after a write. Locally, instead of polling
// the stream every 250 ms, a stream poller waits for a write made through the platform's
// DynamoDB client (or, failing that, an idle interval): same latency, a fraction of the CPU.
import { onClientCreated } from '../../shared/platform/aws/clients';

const WRITES = new Set([
  'TransactWriteItems',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
]);
const listeners = new Set<() => void>();
let installed = false;

/** Calls `listener` after every successful write; returns the way to stop. */
export function onTableWrite(listener: () => void): () => void {
  if (!installed) {
    installed = true;
    onClientCreated((client, service) => {
      if (service !== 'DynamoDB') return;
      client.middlewareStack.add(
        (next, ctx) => async (args) => {
          const out = await next(args);
          if (WRITES.has((ctx.commandName ?? '').replace(/Command$/, ''))) {
            for (const l of listeners) l();
          }
          return out;
        },
        { step: 'initialize', name: 'localTableWriteSignal' },
      );
    });
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}
