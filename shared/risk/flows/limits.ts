// A customer's exposure limits as risk staff see and set them (M4.2-a, ADR 0013): the limits
// in force for each flow with where they come from, and the customer's own limits, which a
// risk officer sets with a reason. Each change is kept (who, when, why) and takes an
// Idempotency-Key; it lands on the profile the pre-check reads, so the next movement obeys it.
import type { Clock } from '../../kernel';
import {
  once,
  staffRequest,
  commitChange,
  type IdempotentRequest,
  type LedgerRepo,
} from '../../money';
import type { LimitsRecord, RiskRepo } from '../adapters/risk-repo';
import {
  exposureOf,
  LIMITED_FLOWS,
  type CustomerLimits,
  type Exposure,
  type LimitedFlow,
  type LimitsConfig,
} from '../domain/limits';

export interface LimitsDeps {
  readonly repo: RiskRepo;
  readonly tx: LedgerRepo;
  readonly clock: Clock;
  readonly config: LimitsConfig;
}

export interface LimitsView {
  readonly customerId: string;
  /** For each flow, the limits a movement meets now (orders: before any risk-level cap). */
  readonly inForce: Record<LimitedFlow, Omit<Exposure, 'flow' | 'counterpartyDailyIn'>>;
  readonly counterpartyDailyIn: number;
  readonly productDailyByLevel: LimitsConfig['productDailyByLevel'];
  readonly own?: LimitsRecord;
  readonly history: readonly LimitsRecord[];
}

function viewOf(
  customerId: string,
  own: LimitsRecord | undefined,
  history: readonly LimitsRecord[],
  config: LimitsConfig,
): LimitsView {
  const inForce = Object.fromEntries(
    LIMITED_FLOWS.map((flow) => {
      const { single, daily, source } = exposureOf(config, flow, {
        tier: 'FULL',
        own: own?.limits,
      });
      return [flow, { single, daily, source }];
    }),
  ) as LimitsView['inForce'];
  return {
    customerId,
    inForce,
    counterpartyDailyIn: config.counterpartyDailyIn,
    productDailyByLevel: config.productDailyByLevel,
    ...(own ? { own } : {}),
    history,
  };
}

export async function customerLimits(customerId: string, deps: LimitsDeps): Promise<LimitsView> {
  const [{ limits }, history] = await Promise.all([
    deps.repo.staffSettingsOf(customerId),
    deps.repo.limitsHistory(customerId),
  ]);
  return viewOf(customerId, limits, history, deps.config);
}

export async function setCustomerLimits(
  staff: string,
  customerId: string,
  req: Omit<IdempotentRequest, 'customerId' | 'body'> & {
    input: CustomerLimits & { reason: string };
  },
  deps: LimitsDeps,
): Promise<LimitsView> {
  const scoped = staffRequest(staff, req, { limits: customerId, ...req.input });
  return once(deps.tx, scoped, { table: deps.repo.table, checkFirst: true }, async (key) => {
    const { reason, ...limits } = req.input;
    const [{ version }, history] = await Promise.all([
      deps.repo.staffSettingsOf(customerId),
      deps.repo.limitsHistory(customerId),
    ]);
    const record: LimitsRecord = { limits, by: staff, at: deps.clock.now().toISOString(), reason };
    const view = viewOf(customerId, record, [...history, record], deps.config);
    const tx = deps.repo.setLimits(key.answered(deps.tx.tx(), view), customerId, record, version);
    await commitChange(deps.tx, tx, ['alert'], "The customer's profile changed; try again.");
    return view;
  });
}
