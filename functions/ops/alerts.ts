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
} from '../../shared/risk';
import { settings, transactionsOn } from '../deps/adapters';
import { liveEngine, riskRepo } from '../deps/risk';
import { serveRoutes } from '../http';
import { RISK_ROUTES } from '../routes/risk';

export const handler = serveRoutes(RISK_ROUTES, {
  opsListAlerts: async (req) => ({
    body: await listAlerts(req.query, {
      repo: riskRepo(),
      today: systemClock.now().toISOString().slice(0, 10),
    }),
  }),
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
  opsGetAlert: async (req) => ({ body: await alertById(req.params.alertId, riskRepo()) }),
  opsActOnAlert: async (req) => ({
    body: await actOnAlert(
      req.principal.username,
      req.params.alertId,
      { key: req.idempotencyKey, operation: req.operationId, input: req.body },
      { repo: riskRepo(), tx: transactionsOn('risk'), clock: systemClock },
    ),
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

const limitsDeps = () => ({
  repo: riskRepo(),
  tx: transactionsOn('risk'),
  clock: systemClock,
  config: settings().exposureLimits,
});
