// The adapters of the KPI flow (issue 14): the records of every flow it reads.
import { ApplicationsRepo } from '../../shared/credit';
import { RetentionRepo, type KpiDeps } from '../../shared/insight';
import { systemClock, type Clock } from '../../shared/kernel';
import { ENV, requireEnv } from '../../shared/platform';
import { IncidentsRepo } from '../../shared/risk';
import * as deps from './adapters';
import { riskRepo } from './risk';

export const kpiDeps = (clock: Clock = systemClock): KpiDeps => ({
  customers: deps.customers(),
  retention: new RetentionRepo(requireEnv(ENV.tables.customers)),
  credit: new ApplicationsRepo(requireEnv(ENV.tables.ledger)),
  ledger: deps.ledger(),
  alerts: riskRepo(),
  incidents: new IncidentsRepo(requireEnv(ENV.tables.risk)),
  settings: deps.settings(),
  clock,
});
