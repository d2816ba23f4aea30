// AML screening hits in monitoring (issue 14, M1-c, ADR 0031): a customer whose name or ID
// number hit a watch list is a monitoring alert of rule `aml-screening`, opened on their
// registration event, or on the re-screening event a list update's new hit sends; and while the hit is open (or confirmed), every withdrawal, transfer
// or order of theirs, and every transfer to them, is HELD through the monitoring hold of
// ADR 0012, whatever the rules decided. The hits arrive masked (list, version, entry, score):
// no name or ID number reaches the risk table.
import { isScreened } from '../../money';
import type { Decision, RuleHit } from './engine';
import type { RiskEvent } from './risk-events';
import { moreSevere } from './rules';

/** The rule id (and kind) a screening hit is filed under (kebab case, as the rule set ids): its alerts group under it. */
export const SCREENING_RULE = 'aml-screening';

/** A customer's open (or confirmed) screening result, as monitoring reads it. */
export interface OpenScreening {
  readonly status: 'OPEN' | 'CONFIRMED';
  /** One line per hit: list, version, entry, score; never the customer's words. */
  readonly reasons: readonly string[];
}

/** Whose screening results an event depends on: none for events that move nothing. */
export function screeningSubjectsOf(event: RiskEvent): string[] {
  if (event.type === 'REGISTRATION' || event.type === 'SCREENING') return [event.customerId];
  if (event.type !== 'MOVEMENT' || !isScreened(event.movementType) || event.status === 'BLOCKED')
    return [];
  return [event.customerId, ...(event.counterpartyId ? [event.counterpartyId] : [])];
}

/**
 * The decision with the screening hit added: REVIEW (an alert) on a registration or a
 * re-screening, HOLD on a
 * screened movement of, or to, a customer with an open hit. Unchanged otherwise.
 */
export function withScreening(
  decision: Decision,
  event: RiskEvent,
  open: ReadonlyMap<string, OpenScreening>,
): Decision {
  const subjects = screeningSubjectsOf(event);
  const found = subjects
    .map((id) => ({ id, s: open.get(id) }))
    .filter((x): x is { id: string; s: OpenScreening } => x.s !== undefined);
  if (!found.length) return decision;
  const action = event.type === 'MOVEMENT' ? 'HOLD' : 'REVIEW';
  const reason = found
    .map(({ id, s }) => {
      const whose = id === event.customerId ? 'the customer' : 'the counterparty';
      return `${whose} has a${s.status === 'CONFIRMED' ? ' confirmed' : 'n open'} AML screening hit (${s.reasons.join('; ')})`;
    })
    .join('; ');
  const hit: RuleHit = {
    ruleId: SCREENING_RULE,
    kind: 'screening',
    score: 0,
    action,
    severity: 'HIGH',
    reason,
    facts: {
      customer: open.get(event.customerId)?.status ?? 'NONE',
      counterparty:
        (event.type === 'MOVEMENT' && event.counterpartyId
          ? open.get(event.counterpartyId)?.status
          : undefined) ?? 'NONE',
    },
  };
  return {
    ...decision,
    action: moreSevere(action, decision.action),
    hits: [...decision.hits, hit],
  };
}
