// What compliance management's flows need, and the one way a change is made: in the
// officer's own Idempotency-Key space, audited first (the audit trail of staff actions),
// then committed in one transaction with the key's answer, over the version read (someone
// else's change first: 409 CONCURRENT_CHANGE).
import type { Clock } from '../../kernel';
import {
  commitChange,
  once,
  staffRequest,
  type IdempotencyKey,
  type LedgerRepo,
  type LedgerTx,
} from '../../money';
import type { AlertNotifier } from '../../risk';
import type { ComplianceRepo } from '../adapters/management-repo';
import type { ComplianceManagementConfig } from '../domain/management-config';

/** The audit trail's part these flows need (the identity module's AuditLog). */
export interface ComplianceAudit {
  complianceChanged(entry: {
    subject: string;
    actor: string;
    action: string;
    fields: readonly string[];
    reason: string;
  }): Promise<void>;
}

export interface ManagementDeps {
  readonly repo: ComplianceRepo;
  /** Transactions and idempotency records on the compliance table. */
  readonly tx: LedgerRepo;
  readonly clock: Clock;
  readonly audit: ComplianceAudit;
  readonly config: ComplianceManagementConfig;
}

export interface RunDeps extends ManagementDeps {
  /** The monitoring alert topic (the risk and compliance team's), reused for reminders. */
  readonly notifier: AlertNotifier;
}

/** A staff member's keyed request as the flows take it. */
export interface Keyed<I> {
  readonly key: string;
  readonly operation: string;
  readonly input: I;
}

export interface Staff {
  readonly username: string;
}

/**
 * Runs a change once per key: `make` reads, decides and returns the answer with the audit
 * entry and the writes; the entry is written, then the writes and the key's answer commit
 * together.
 */
export function change<I, T>(
  staff: Staff,
  req: Keyed<I>,
  target: Record<string, unknown>,
  deps: ManagementDeps,
  make: () => Promise<{
    answer: T;
    audit: { subject: string; action: string; fields: readonly string[]; reason: string };
    write: (tx: LedgerTx) => LedgerTx;
  }>,
): Promise<T> {
  const scoped = staffRequest(staff.username, req, { ...target, input: req.input });
  return once(
    deps.tx,
    scoped,
    { table: deps.repo.table, checkFirst: true },
    async (key: IdempotencyKey) => {
      const made = await make();
      await deps.audit.complianceChanged({ ...made.audit, actor: staff.username });
      const tx = made.write(key.answered(deps.tx.tx(), made.answer));
      await commitChange(
        deps.tx,
        tx,
        ['compliance'],
        'The record changed meanwhile; read it again.',
      );
      return made.answer;
    },
  );
}

export const nowIso = (deps: { clock: Clock }) => deps.clock.now().toISOString();
