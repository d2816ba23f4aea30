// Wiring of the customer-service module: the service table, the settlement calendar's
// business days, and (for the job) the risk module's alert table and topic.
import { LoansRepo } from '../../shared/credit';
import { type Clock, systemClock } from '../../shared/kernel';
import { ENV, requireEnv } from '../../shared/platform';
import { AlertTopic } from '../../shared/risk';
import {
  ServiceRepo,
  type RelatedLookup,
  type ServiceDeps,
  type SlaJobDeps,
} from '../../shared/service';
import { ledger, products, settings, transactionsOn } from './adapters';

let repo: ServiceRepo | undefined;
function serviceRepo(): ServiceRepo {
  const table = requireEnv(ENV.tables.service);
  if (repo?.table !== table) repo = new ServiceRepo(table);
  return repo;
}

export function serviceDeps(clock: Clock = systemClock): ServiceDeps {
  const s = settings();
  return {
    repo: serviceRepo(),
    tx: transactionsOn('service'),
    clock,
    config: s.service,
    days: { holidays: s.settlement.holidays, workingWeekends: s.settlement.workingWeekends },
  };
}

let loans: LoansRepo | undefined;
/** The customer's own records a complaint may name: the ledger's movements and loans, the catalogue. */
export function relatedLookup(): RelatedLookup {
  const table = requireEnv(ENV.tables.ledger);
  if (loans?.table !== table) loans = new LoansRepo(table);
  const l = loans;
  return {
    movement: async (id) => {
      const m = await ledger().movement(id);
      return (
        m && {
          customerId: m.customerId,
          type: m.type,
          ...(m.productId ? { productId: m.productId } : {}),
        }
      );
    },
    loan: async (id) => {
      const loan = await l.get(id);
      return loan && { customerId: loan.customerId };
    },
    productExists: async (id) => (await products().get(id)) !== undefined,
  };
}

export function slaJobDeps(clock: Clock = systemClock): SlaJobDeps {
  const { tx: _tx, ...deps } = serviceDeps(clock);
  return {
    ...deps,
    notifier: new AlertTopic(requireEnv(ENV.topics.riskAlerts)),
    riskTable: requireEnv(ENV.tables.risk),
  };
}
