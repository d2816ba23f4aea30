// The synchronous pre-check (M4.1-a, ADR 0012): before a withdrawal, transfer or order is
// recorded, the money function asks whether the blocking rules would block it. One
// BatchGetItem reads the same state the scorer reads; the blocking subset of the live rule
// set evaluates the movement as if it were the next event; BLOCK refuses the request with
// the rules and their reasons (RISK_BLOCKED). The refused attempt is then sent to the risk
// queue, best effort, so the scorer counts it and risk staff get an alert: a script that
// keeps trying keeps being refused, and is seen.
import { logger, Refusal, type MessageQueue } from '../../platform';
import type { RiskPrecheck } from '../../money';
import type { RiskRepo } from '../adapters/risk-repo';
import type { Engine } from '../domain/engine';
import { horizonMinutes } from '../domain/rules';
import { riskEventOf, type MovementEvent } from '../domain/risk-events';
import { contextOf } from './scoring';

export class BlockingPrecheck implements RiskPrecheck {
  private readonly engine: Engine | undefined;
  private readonly horizon: number;

  constructor(
    private readonly repo: RiskRepo,
    live: Engine,
    /** Where the refused attempt goes (the risk-events queue). */
    private readonly queue?: MessageQueue,
  ) {
    this.engine = live.blocking();
    this.horizon = this.engine ? horizonMinutes(this.engine.ruleSet) : 0;
  }

  async check(m: Parameters<RiskPrecheck['check']>[0]): Promise<void> {
    if (!this.engine) return; // no blocking rule: no request at all
    const event = riskEventOf({ pk: `MOVE#${m.movementId}`, ...m });
    if (!event) return;
    const attempt: MovementEvent = {
      ...event,
      eventId: `${m.movementId}:blocked`,
      status: 'BLOCKED',
    };
    const state = await this.repo.load(attempt, this.horizon);
    const decision = this.engine.evaluate(attempt, contextOf(state, attempt));
    if (decision.action !== 'BLOCK') return;
    const rules = decision.hits
      .filter((h) => h.action === 'BLOCK')
      .map((h) => ({ ruleId: h.ruleId, reason: h.reason }));
    logger.warn('movement refused by the risk pre-check', {
      movementId: m.movementId,
      rules: rules.map((r) => r.ruleId),
    });
    try {
      await this.queue?.send(attempt);
    } catch (error) {
      logger.error('risk event not sent', { eventId: attempt.eventId, error });
    }
    throw new Refusal(
      'RISK_BLOCKED',
      `Refused by the platform's risk controls: ${rules.map((r) => r.reason).join('; ')}.`,
      [],
      { details: { rules } },
    );
  }
}
