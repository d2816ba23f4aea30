// GET /v1/ops/switches, GET/PUT /v1/ops/switches/{name}: kill switches (ADR 0018). Each
// switch lives in the table of the business it stops (a rule switch in the risk table);
// every change is audited first.
import { systemClock, type SwitchName } from '../../shared/kernel';
import { listSwitches, setSwitch, switchView } from '../../shared/money';
import { audit, ledger, queue, switches } from '../deps/adapters';
import { liveRules } from '../deps/risk';
import { serveRoutes } from '../http';
import { MONEY_ROUTES } from '../routes/money';

/** The rules that run now: the live version's and those of the versions in shadow. */
async function ruleIds(): Promise<ReadonlySet<string>> {
  const active = await liveRules().refresh(systemClock.now().getTime());
  return new Set([active.live, ...active.shadows].flatMap((e) => e.ruleSet.rules.map((r) => r.id)));
}

const deps = () => ({
  switches: {
    ledger: switches('ledger'),
    customers: switches('customers'),
    products: switches('products'),
    risk: switches('risk'),
  },
  ruleIds,
  audit: audit(),
  ledger: ledger(),
  settlementQueue: queue('settlement'),
  clock: systemClock,
});

export const handler = serveRoutes(MONEY_ROUTES, {
  opsListSwitches: async () => ({ body: { switches: await listSwitches(deps()) } }),
  opsGetSwitch: async (req) => ({
    body: await switchView(req.params.name as SwitchName, deps()),
  }),
  opsSetSwitch: async (req) => ({
    body: await setSwitch(req.principal.username, req.params.name as SwitchName, req.body, deps()),
  }),
});
