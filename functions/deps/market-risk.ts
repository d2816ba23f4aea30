// Wiring of the market-risk service: its repository in the risk table, the holdings and
// products it prices, the run queue, and the stage's market-risk settings (ADR 0026).
import { systemClock } from '../../shared/kernel';
import { ENV, requireEnv } from '../../shared/platform';
import { MarketRepo, type MarketRiskDeps } from '../../shared/risk';
import { marketRiskSettings } from '../../shared/settings';
import { holdings, products, queue, transactionsOn } from './adapters';

let repo: MarketRepo | undefined;
function marketRepo(): MarketRepo {
  const table = requireEnv(ENV.tables.risk);
  if (repo?.table !== table) repo = new MarketRepo(table);
  return repo;
}

/** For the worker, which sends nothing: the queue is only reached by a run. */
export function marketRiskDeps(opts: { sends: boolean } = { sends: true }): MarketRiskDeps {
  const h = holdings();
  const p = products();
  return {
    repo: marketRepo(),
    tx: transactionsOn('risk'),
    holdings: { of: (c) => h.of(c), all: () => h.all() },
    products: {
      typeOf: async (id) => (await p.get(id))?.type,
      catalog: async () =>
        (await p.catalog()).map((l) => ({
          productId: String(l.productId),
          name: String(l.name),
          type: String(l.type),
        })),
    },
    queue: opts.sends
      ? queue('marketRisk')
      : {
          send: () => Promise.reject(new Error('the worker sends nothing')),
          sendAll: () => Promise.reject(new Error('the worker sends nothing')),
        },
    clock: systemClock,
    settings: marketRiskSettings(),
  };
}
