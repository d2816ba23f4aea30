// Staff incidents API (ADR 0019): list, open, read, and act on an incident.
import { systemClock } from '../../shared/kernel';
import {
  actOnIncident,
  getIncident,
  IncidentsRepo,
  listIncidents,
  openIncident,
} from '../../shared/risk';
import { ENV, requireEnv } from '../../shared/platform';
import { serveRoutes } from '../http';
import { RISK_ROUTES } from '../routes/risk';

const deps = () => ({
  incidents: new IncidentsRepo(requireEnv(ENV.tables.risk)),
  clock: systemClock,
});

export const handler = serveRoutes(RISK_ROUTES, {
  opsListIncidents: async (req) => ({ body: { items: await listIncidents(req.query, deps()) } }),
  opsOpenIncident: async (req) => ({
    body: await openIncident(req.principal.username, req.body, deps()),
  }),
  opsGetIncident: async (req) => ({ body: await getIncident(req.params.incidentId, deps()) }),
  opsActOnIncident: async (req) => ({
    body: await actOnIncident(req.principal.username, req.params.incidentId, req.body, deps()),
  }),
});
