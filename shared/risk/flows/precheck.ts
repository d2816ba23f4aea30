// The synchronous pre-check (M4.1-a, M4.2-a, ADR 0012, ADR 0013): before a withdrawal,
// transfer or order is recorded, the money function asks whether the blocking rules would
// block it, and which exposure limits apply. One BatchGetItem reads the same state the
// scorer reads (the customer's own limits are on that profile); the blocking subset of the
// live rule set evaluates the movement as if it were the next event; BLOCK refuses the
// request with the rules and their reasons (RISK_BLOCKED). The refused attempt is then sent
// to the risk queue, best effort, so the scorer counts it and risk staff get an alert: a
// script that keeps trying keeps being refused, and is seen. Otherwise the answer is the
// movement's limits, which the money transaction enforces. A blocking rule switched off by
// its kill switch (ADR 0018) blocks nothing.
import { logger, Refusal, type MessageQueue } from '../../platform';
import type { MovementLimits, RiskPrecheck } from '../../money';
import { exposureOf, type LimitedFlow, type LimitsConfig } from '../domain/limits';
import type { Clock } from '../../kernel';
import type { RiskRepo } from '../adapters/risk-repo';
import { horizonMinutes } from '../domain/rules';
import { riskEventOf, type MovementEvent } from '../domain/risk-events';
import type { LiveRules } from './live-rules';
import { contextOf, loadWithRules } from './scoring';

const FLOW_OF: Partial<Record<string, LimitedFlow>> = {
  TRANSFER: 'transfer',
  WITHDRAWAL: 'withdrawal',
  SUBSCRIPTION: 'order',
};

export class BlockingPrecheck implements RiskPrecheck {
  constructor(
    private readonly repo: RiskRepo,
    /** The live version (its blocking subset runs here). */
    private readonly rules: LiveRules,
    private readonly limits: LimitsConfig,
    private readonly clock: Clock,
    /** Where the refused attempt goes (the risk-events queue). */
    private readonly queue?: MessageQueue,
  ) {}

  async check(
    m: Parameters<RiskPrecheck['check']>[0],
    product?: Parameters<RiskPrecheck['check']>[1],
  ): Promise<MovementLimits | undefined> {
    const flow = FLOW_OF[m.type];
    const event = riskEventOf({ pk: `MOVE#${m.movementId}`, ...m });
    if (!event || !flow) return undefined;
    const attempt: MovementEvent = {
      ...event,
      eventId: `${m.movementId}:blocked`,
      status: 'BLOCKED',
    };
    const { state, disabled } = await loadWithRules(
      attempt,
      { repo: this.repo, rules: this.rules, clock: this.clock },
      () => {
        const blocking = this.rules.blocking();
        return blocking ? horizonMinutes(blocking.ruleSet) : 0;
      },
    );
    const exposure = exposureOf(
      this.limits,
      flow,
      {
        tier: 'FULL',
        riskLevel: m.suitability?.customerLevel || undefined,
        own: state.limits?.limits,
      },
      m.productId
        ? { productId: m.productId, level: m.suitability?.productLevel ?? 0, caps: product }
        : undefined,
    );
    const decision = this.rules
      .blocking()
      ?.evaluate(attempt, { ...contextOf(state, attempt), disabled });
    if (!decision || decision.action !== 'BLOCK') return exposure;
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
