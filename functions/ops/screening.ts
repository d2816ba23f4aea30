// AML screening (issue 14, M1-c): the staff routes under /v1/ops/compliance/watchlists and
// /v1/ops/compliance/screenings (customers' results, compliance officers' decisions).
import { systemClock } from '../../shared/kernel';
import {
  decideScreening,
  screeningOf,
  uploadWatchlist,
  watchlistVersions,
  WatchlistRepo,
} from '../../shared/compliance';
import { ENV, requireEnv } from '../../shared/platform';
import { audit, rescreeningStarter, screenings, transactionsOn } from '../deps/adapters';
import { screeningHolds } from '../deps/risk';
import { keyed, serveRoutes } from '../http';
import { SCREENING_ROUTES } from '../routes/screening';

let repo: WatchlistRepo | undefined;
function watchlists(): WatchlistRepo {
  const table = requireEnv(ENV.tables.compliance);
  if (repo?.table !== table) repo = new WatchlistRepo(table);
  return repo;
}

export const handler = serveRoutes(SCREENING_ROUTES, {
  opsPutWatchlist: async (req) => ({
    status: 201,
    body: await uploadWatchlist(req.principal.username, req.params.listId, keyed(req), {
      repo: watchlists(),
      tx: transactionsOn('compliance'),
      clock: systemClock,
      audit: audit(),
      rescreening: rescreeningStarter(),
    }),
  }),
  opsGetWatchlist: async (req) => ({
    body: await watchlistVersions(req.params.listId, { repo: watchlists() }),
  }),
  opsGetScreening: async (req) => ({
    body: await screeningOf(req.params.customerId, screenings()),
  }),
  opsDecideScreening: async (req) => ({
    body: await decideScreening(req.principal.username, req.params.customerId, keyed(req), {
      repo: screenings(),
      tx: transactionsOn('compliance'),
      holds: screeningHolds(),
      clock: systemClock,
      audit: audit(),
    }),
  }),
});
