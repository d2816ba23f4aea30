// The risk team's alerts, rule precision and snoozes (M4.1-a), and customers' exposure
// limits (M4.2-a).
import { systemClock } from '../../shared/kernel';
import {
  actOnAlert,
  alertById,
  customerLimits,
  listAlerts,
  rulePrecision,
  setCustomerLimits,
  snoozeRule,
  withCustomers,
  addRuleSet,
  listRuleSets,
  replayRuleSet,
} from '../../shared/risk';
import { customers, settings, transactionsOn } from '../deps/adapters';
import { liveEngine, riskRepo } from '../deps/risk';
import { serveRoutes } from '../http';
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
    body: await snoozeRule(
      req.principal.username,
      req.params.ruleId,
      { key: req.idempotencyKey, operation: req.operationId, input: req.body },
      {
        repo: riskRepo(),
        tx: transactionsOn('risk'),
        clock: systemClock,
        ruleSet: liveEngine().ruleSet,
      },
    ),
  }),
  opsGetAlert: async (req) => ({
    body: await masked(await alertById(req.params.alertId, riskRepo())),
  }),
  opsActOnAlert: async (req) => ({
    body: await masked(
      await actOnAlert(
        req.principal.username,
        req.params.alertId,
        { key: req.idempotencyKey, operation: req.operationId, input: req.body },
        { repo: riskRepo(), tx: transactionsOn('risk'), clock: systemClock },
      ),
    ),
  }),
  opsListRuleSets: async () => ({ body: await listRuleSets(ruleSetDeps()) }),
  opsAddRuleSet: async (req) => ({
    body: await addRuleSet(req.principal.username, req.body, ruleSetDeps()),
  }),
  opsReplayRuleSet: async (req) => ({
    body: await replayRuleSet(req.params.version, req.body, ruleSetDeps()),
  }),
  opsGetLimits: async (req) => ({
    body: await customerLimits(req.params.customerId, limitsDeps()),
  }),
  opsSetLimits: async (req) => ({
    body: await setCustomerLimits(
      req.principal.username,
      req.params.customerId,
      { key: req.idempotencyKey, operation: req.operationId, input: req.body },
      limitsDeps(),
    ),
  }),
});

const masked = async <T extends { customerId: string }>(item: T) =>
  (await withCustomers([item], customers()))[0]!;

const ruleSetDeps = () => ({
  repo: riskRepo(),
  live: liveEngine(),
  stage: settings().stage,
  clock: systemClock,
});

const limitsDeps = () => ({
  repo: riskRepo(),
  tx: transactionsOn('risk'),
  clock: systemClock,
  config: settings().exposureLimits,
});
