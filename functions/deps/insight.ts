// The adapters of the KPI flow (issue 14): the records of every flow it reads.
import { ApplicationsRepo } from '../../shared/credit';
import { RetentionRepo, type KpiDeps } from '../../shared/insight';
import { systemClock, type Clock } from '../../shared/kernel';
import { ENV, requireEnv } from '../../shared/platform';
import { IncidentsRepo } from '../../shared/risk';
import * as deps from './adapters';
import { riskRepo } from './risk';
import { serviceDeps } from './service';
import { complaintKpis } from '../../shared/service';

export const kpiDeps = (clock: Clock = systemClock): KpiDeps => ({
  customers: deps.customers(),
  retention: new RetentionRepo(requireEnv(ENV.tables.customers)),
  credit: new ApplicationsRepo(requireEnv(ENV.tables.ledger)),
  ledger: deps.ledger(),
  alerts: riskRepo(),
  incidents: new IncidentsRepo(requireEnv(ENV.tables.risk)),
  service: {
    // The complaints filed in the period: their SLA clocks and ratings (the service module).
    async facts(days) {
      const { tx: _tx, ...service } = serviceDeps(clock);
      const k = await complaintKpis(days, service);
      const s = k.satisfaction;
      return {
        firstResponse: {
          met: k.sla.overall.FIRST_RESPONSE.met,
          due: k.sla.overall.FIRST_RESPONSE.decided,
        },
        result: { met: k.sla.overall.RESULT.met, due: k.sla.overall.RESULT.decided },
        ratings: {
          responses: s.responses,
          satisfied: Math.round((s.satisfiedShare ?? 0) * s.responses),
          promoters: s.promoters,
          detractors: s.detractors,
        },
      };
    },
  },
  settings: deps.settings(),
  clock,
});
