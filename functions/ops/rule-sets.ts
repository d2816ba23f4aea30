// The risk team's rule set versions (M4.1-a): list, add, replay against past events, read,
// act on (shadow, promote, retire), and a shadow version's report beside the live one. Its
// own function: it needs the risk table only, and keeps the alerts function's bundle lean.
import { systemClock } from '../../shared/kernel';
import {
  actOnRuleSet,
  addRuleSet,
  listRuleSets,
  replayRuleSet,
  shadowReport,
  storedRuleSet,
} from '../../shared/risk';
import { ruleSetDeps } from '../deps/risk';
import { keyed, serveRoutes } from '../http';
import { RISK_ROUTES } from '../routes/risk';

export const handler = serveRoutes(RISK_ROUTES, {
  opsListRuleSets: async () => ({ body: await listRuleSets(ruleSetDeps()) }),
  opsAddRuleSet: async (req) => ({
    body: await addRuleSet(req.principal.username, req.body, ruleSetDeps()),
  }),
  opsReplayRuleSet: async (req) => ({
    body: await replayRuleSet(req.params.version, req.body, ruleSetDeps()),
  }),
  opsGetRuleSet: async (req) => ({ body: await storedRuleSet(req.params.version, ruleSetDeps()) }),
  opsActOnRuleSet: async (req) => ({
    body: await actOnRuleSet(req.principal.username, req.params.version, keyed(req), ruleSetDeps()),
  }),
  opsShadowReport: async (req) => {
    const to = req.query.to ?? systemClock.now().toISOString().slice(0, 10);
    return {
      body: await shadowReport(
        req.params.version,
        { from: req.query.from ?? to, to },
        ruleSetDeps(),
      ),
    };
  },
});
