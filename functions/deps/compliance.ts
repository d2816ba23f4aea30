// Wiring of the compliance module's reports and data-security audit: its repositories in
// the compliance table, the ledger's settlement log, the risk team's cases and alerts, the
// audit trail (written by reports, read by the data audit) and the alert topic.
import {
  DataAuditRepo,
  ReportsRepo,
  WatchlistRepo,
  type RescreeningDeps,
  type AccessRecords,
  type DataAuditDeps,
  type ReportsDeps,
  type StrDeps,
} from '../../shared/compliance';
import { AUDIT_CHAINS_PER_DAY, AuditLog, chainName } from '../../shared/identity';
import { systemClock } from '../../shared/kernel';
import { LedgerRepo } from '../../shared/money';
import { ENV, requireEnv } from '../../shared/platform';
import { AlertTopic, reportRescreening } from '../../shared/risk';
import { audit, ledger, queue, screenings, screeningKeyer, settings } from './adapters';
import { riskRepo } from './risk';

const memo = new Map<string, unknown>();
function once<T>(key: string, make: () => T): T {
  if (!memo.has(key)) memo.set(key, make());
  return memo.get(key) as T;
}

export function reportsRepo(): ReportsRepo {
  const table = requireEnv(ENV.tables.compliance);
  return once(`reports:${table}`, () => new ReportsRepo(table));
}

/** Idempotent staff transactions (and their keys) in the compliance table. */
export function complianceTx(): LedgerRepo {
  const table = requireEnv(ENV.tables.compliance);
  return once(`ctx:${table}`, () => new LedgerRepo(table));
}

export function reportsDeps(): ReportsDeps {
  const s = settings();
  return {
    repo: reportsRepo(),
    ledger: ledger(),
    shards: s.ledger.platformShards,
    calendar: s.settlement,
    config: s.regulatoryReports,
    clock: systemClock,
    audit: audit(),
  };
}

export function strDeps(): StrDeps {
  const s = settings();
  return {
    repo: reportsRepo(),
    cases: riskRepo(),
    tx: complianceTx(),
    calendar: s.settlement,
    config: s.regulatoryReports,
    clock: systemClock,
    audit: audit(),
  };
}

/** The PII-access records of a UTC date: every chain of the date (AUDIT_CHAINS_PER_DAY Queries). */
class AuditChains implements AccessRecords {
  constructor(private readonly log: AuditLog) {}
  async recordsOfUtcDate(date: string) {
    const chains = await Promise.all(
      Array.from({ length: AUDIT_CHAINS_PER_DAY }, (_, i) => this.log.chain(chainName(date, i))),
    );
    return chains
      .flat()
      .filter((r) => r.body.type === 'PII_ACCESS' || r.body.type === 'STAFF_READ')
      .map((r) => ({ ...r.body, type: r.body.type as 'PII_ACCESS' | 'STAFF_READ' }));
  }
}

export function dataAuditDeps(): DataAuditDeps {
  const s = settings();
  const table = requireEnv(ENV.tables.compliance);
  const risk = requireEnv(ENV.tables.risk);
  const auditTable = requireEnv(ENV.tables.audit);
  return {
    repo: once(`daudit:${table}:${risk}`, () => new DataAuditRepo(table, risk)),
    records: once(`chains:${auditTable}`, () => new AuditChains(new AuditLog(auditTable))),
    config: s.dataAudit,
    calendar: s.settlement,
    clock: systemClock,
    notifier: new AlertTopic(requireEnv(ENV.topics.riskAlerts)),
  };
}

/** Re-screening customers on a watch list's new version (ADR 0031). */
export function rescreeningDeps(): RescreeningDeps {
  const table = requireEnv(ENV.tables.compliance);
  return {
    watchlists: once(`watchlists:${table}`, () => new WatchlistRepo(table)),
    repo: screenings(),
    keyer: screeningKeyer,
    clock: systemClock,
    monitoring: { rescreened: (hit) => reportRescreening(hit, queue('riskEvents')) },
    followUp: (req) => queue('rescreening').send(req),
  };
}
