// Snoozing a rule for one key (issue 11): a risk officer silences a rule that keeps holding
// for a known reason for a period, with the reason: for one customer's own events (a
// documented house sale), or for movements to one counterparty (a landlord every tenant
// pays, a payroll account). The snooze is on that customer's profile, which scoring reads
// anyway (a counterparty's profile is read for every movement to it): no extra request.
// Each one is also kept as an append-only record with who and when.
import type { Clock } from '../../kernel';
import {
  once,
  staffRequest,
  commitChange,
  type IdempotentRequest,
  type LedgerRepo,
} from '../../money';
import { NotFoundError } from '../../platform';
import type { RiskRepo, Snooze, SnoozeScope } from '../adapters/risk-repo';
import type { RuleSet } from '../domain/rules';

export interface SnoozeDeps {
  readonly repo: RiskRepo;
  readonly tx: LedgerRepo;
  readonly clock: Clock;
  readonly ruleSet: RuleSet;
}

/** One of `customerId` and `counterpartyId` (the schema refuses both or neither). */
export interface SnoozeInput {
  readonly customerId?: string;
  readonly counterpartyId?: string;
  readonly minutes: number;
  readonly reason: string;
}

export async function snoozeRule(
  staff: string,
  ruleId: string,
  req: Omit<IdempotentRequest, 'customerId' | 'body'> & { input: SnoozeInput },
  deps: SnoozeDeps,
): Promise<{ ruleId: string; customerId?: string; counterpartyId?: string } & Snooze> {
  const scoped = staffRequest(staff, req, { snooze: ruleId, ...req.input });
  return once(deps.tx, scoped, { table: deps.repo.table, checkFirst: true }, async (key) => {
    if (!deps.ruleSet.rules.some((r) => r.id === ruleId))
      throw new NotFoundError('RULE_NOT_FOUND', 'No such rule in the live rule set.');
    const now = deps.clock.now();
    const [scope, subject]: [SnoozeScope, string] =
      req.input.counterpartyId !== undefined
        ? ['counterparty', req.input.counterpartyId]
        : ['customer', req.input.customerId ?? ''];
    const settings = await deps.repo.staffSettingsOf(subject);
    const snoozes = settings.snoozes[scope];
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
    const answer = {
      ruleId,
      ...(scope === 'customer' ? { customerId: subject } : { counterpartyId: subject }),
      ...snooze,
    };
    const tx = deps.repo.snooze(
      key.answered(deps.tx.tx(), answer),
      { customerId: subject, scope },
      ruleId,
      { ...kept, [ruleId]: snooze },
      settings.version,
    );
    await commitChange(deps.tx, tx, ['alert'], "The customer's counters changed; try again.");
    return answer;
  });
}
