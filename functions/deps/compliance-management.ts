// Wiring of compliance management: its repository on the compliance table, transactions
// there, the audit trail, the configuration and the monitoring alert topic.
import { ComplianceRepo, type RunDeps } from '../../shared/compliance';
import { systemClock } from '../../shared/kernel';
import { ENV, requireEnv } from '../../shared/platform';
import { AlertTopic } from '../../shared/risk';
import { audit, settings, transactionsOn } from './adapters';

let repo: ComplianceRepo | undefined;
export function complianceManagementDeps(): RunDeps {
  const table = requireEnv(ENV.tables.compliance);
  if (repo?.table !== table) repo = new ComplianceRepo(table);
  return {
    repo,
    tx: transactionsOn('compliance'),
    clock: systemClock,
    audit: audit(),
    config: settings().complianceManagement,
    notifier: new AlertTopic(requireEnv(ENV.topics.riskAlerts)),
  };
}
