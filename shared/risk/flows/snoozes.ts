// Snoozing a rule for one customer (issue 11): a risk officer silences a rule that keeps
// holding for a known reason (a customer's documented house sale) for a period, with the
// reason. The snooze is on the customer's counters, which scoring reads anyway (no extra
// request), and each one is kept as an append-only record with who and when.
import type { Clock } from '../../kernel';
import {
  once,
  staffRequest,
  commitChange,
  type IdempotentRequest,
  type LedgerRepo,
} from '../../money';
import { NotFoundError } from '../../platform';
import type { RiskRepo, Snooze } from '../adapters/risk-repo';
import type { RuleSet } from '../domain/rules';

export interface SnoozeDeps {
  readonly repo: RiskRepo;
  readonly tx: LedgerRepo;
  readonly clock: Clock;
  readonly ruleSet: RuleSet;
}

export interface SnoozeInput {
  readonly customerId: string;
  readonly minutes: number;
  readonly reason: string;
}

export async function snoozeRule(
  staff: string,
  ruleId: string,
  req: Omit<IdempotentRequest, 'customerId' | 'body'> & { input: SnoozeInput },
  deps: SnoozeDeps,
): Promise<{ ruleId: string; customerId: string } & Snooze> {
  const scoped = staffRequest(staff, req, { snooze: ruleId, ...req.input });
  return once(deps.tx, scoped, { table: deps.repo.table, checkFirst: true }, async (key) => {
    if (!deps.ruleSet.rules.some((r) => r.id === ruleId))
      throw new NotFoundError('RULE_NOT_FOUND', 'No such rule in the live rule set.');
    const now = deps.clock.now();
    const { snoozes, version } = await deps.repo.staffSettingsOf(req.input.customerId);
    const snooze: Snooze = {
      until: now.getTime() + req.input.minutes * 60_000,
      reason: req.input.reason,
      by: staff,
      at: now.toISOString(),
    };
    // Expired snoozes are dropped as the map is written again.
    const kept = Object.fromEntries(
      Object.entries(snoozes).filter(([, s]) => s.until > now.getTime()),
    );
    const answer = { ruleId, customerId: req.input.customerId, ...snooze };
    const tx = deps.repo.snooze(
      key.answered(deps.tx.tx(), answer),
      req.input.customerId,
      ruleId,
      { ...kept, [ruleId]: snooze },
      version,
    );
    await commitChange(deps.tx, tx, ['alert'], "The customer's counters changed; try again.");
    return answer;
  });
}
