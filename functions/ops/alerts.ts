// The risk team's alerts, rule precision, snoozes and cases (M4.1-a), and customers'
// exposure limits (M4.2-a). Rule set versions are opsRuleSets' (functions/ops/rule-sets.ts).
import { systemClock } from '../../shared/kernel';
import { isReplayedBody, replayedBody } from '../../shared/platform';
import {
  actOnAlert,
  alertById,
  customerLimits,
  listAlerts,
  rulePrecision,
  setCustomerLimits,
  snoozeRule,
  withCustomers,
  actOnCase,
  caseById,
  caseView,
  listCases,
  openCaseByKey,
  type CaseRecord,
  Kri,
} from '../../shared/risk';
import { audit, customers, settings, transactionsOn } from '../deps/adapters';
import { liveRules, riskRepo } from '../deps/risk';
import { keyed, serveRoutes } from '../http';
import { RISK_ROUTES } from '../routes/risk';

export const handler = serveRoutes(RISK_ROUTES, {
  opsListAlerts: async (req) => {
    const page = await listAlerts(req.query, {
      repo: riskRepo(),
      today: systemClock.now().toISOString().slice(0, 10),
    });
    return { body: { ...page, items: await withCustomers(page.items, customers()) } };
  },
  opsRulePrecision: async (req) => ({
    body: await rulePrecision(req.query, {
      repo: riskRepo(),
      today: systemClock.now().toISOString().slice(0, 10),
    }),
  }),
  opsSnoozeRule: async (req) => ({
    body: await snoozeRule(req.principal.username, req.params.ruleId, keyed(req), {
      repo: riskRepo(),
      tx: transactionsOn('risk'),
      clock: systemClock,
      ruleSet: (await liveRules().refresh(systemClock.now().getTime())).live.ruleSet,
    }),
  }),
  opsGetAlert: async (req) => {
    const alert = await alertById(req.params.alertId, riskRepo());
    // A staff read of one customer's (masked) identity beside the alert is recorded before it
    // is shown (M7.1-a): the data-security audit counts it with the customer files read.
    if (alert.customerId !== Kri.PLATFORM_SUBJECT)
      await audit().staffRead({
        customerId: alert.customerId,
        actor: req.principal.username,
        fields: ['name', 'phone', 'alert'],
        purpose: 'staff view of a monitoring alert with its customer (masked)',
      });
    return { body: await masked(alert) };
  },
  opsActOnAlert: async (req) => ({
    body: await masked(
      await actOnAlert(req.principal.username, req.params.alertId, keyed(req), {
        repo: riskRepo(),
        tx: transactionsOn('risk'),
        clock: systemClock,
      }),
    ),
  }),
  opsOpenCase: async (req) => ({
    body: await viewOf(await openCaseByKey(req.principal.username, keyed(req), caseDeps())),
  }),
  opsListCases: async (req) => ({
    body: await listCases(req.query, systemClock.now().toISOString().slice(0, 10), riskRepo()),
  }),
  opsGetCase: async (req) => ({
    body: await viewOf(await caseById(req.params.caseId, riskRepo())),
  }),
  opsActOnCase: async (req) => ({
    body: await viewOf(
      await actOnCase(req.principal.username, req.params.caseId, keyed(req), caseDeps()),
    ),
  }),
  opsGetLimits: async (req) => ({
    body: await customerLimits(req.params.customerId, limitsDeps()),
  }),
  opsSetLimits: async (req) => ({
    body: await setCustomerLimits(
      req.principal.username,
      req.params.customerId,
      keyed(req),
      limitsDeps(),
    ),
  }),
});

const masked = async <T extends { customerId: string }>(item: T) =>
  (await withCustomers([item], customers()))[0]!;

const caseDeps = () => ({ repo: riskRepo(), tx: transactionsOn('risk'), clock: systemClock });

/** A case as staff read it; a stored answer given again stays one. */
const viewOf = async (c: CaseRecord) => {
  const view = await caseView(c, riskRepo(), customers());
  return isReplayedBody(c) ? replayedBody(view) : view;
};

const limitsDeps = () => ({
  repo: riskRepo(),
  tx: transactionsOn('risk'),
  clock: systemClock,
  config: settings().exposureLimits,
});
