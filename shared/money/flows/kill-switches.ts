// Kill switches (M4.4-a, M6.4-a; ADR 0018): staff stop a kind of business at once and start
// it again, each change audited first. Switches live beside the data they guard (the
// settlement switch in the ledger, registrations in customers, sales in products, rule
// switches in the risk table), and every guarded transaction conditions on its switch (rule
// switches are read by the scorer and the pre-check instead). Turning settlement back on
// sends every settlement that waited (and a retried request sends whatever is still waiting).
import {
  ruleOfSwitch,
  ruleSwitch,
  switchHome,
  type Clock,
  type SwitchHome,
  type SwitchName,
  type SwitchState,
} from '../../kernel';
import { NotFoundError, type MessageQueue, type Switches } from '../../platform';
import type { LedgerRepo } from '../adapters/ledger-repo';
import { resumeWaiting } from './settlement';

export interface KillSwitchDeps {
  readonly switches: Record<SwitchHome, Pick<Switches, 'state' | 'set' | 'history'>> & {
    readonly risk: Pick<Switches, 'disabledRules'>;
  };
  /**
   * The ids of the monitoring rules that run now (the live rule set version's and those in
   * shadow): a rule switch may be turned off only for one of them.
   */
  readonly ruleIds: () => Promise<ReadonlySet<string>>;
  readonly audit: {
    switchChanged(change: {
      name: string;
      actor: string;
      off: boolean;
      reason: string;
    }): Promise<void>;
  };
  readonly ledger: LedgerRepo;
  readonly settlementQueue: MessageQueue;
  readonly clock: Clock;
}

export interface SwitchView {
  readonly name: SwitchName;
  /** True while the business it guards is stopped. */
  readonly off: boolean;
  readonly changedBy?: string;
  readonly changedAt?: string;
  readonly reason?: string;
  readonly history: readonly SwitchState[];
  /** Settlements sent again when settlement was turned back on. */
  readonly resumed?: number;
}

/**
 * The platform-wide switches, always listed (with every rule switch that is off; product
 * switches, and rule switches back on, are read by name).
 */
export const GLOBAL_SWITCHES = ['settlement', 'registrations', 'sales', 'lending'] as const;

export async function switchView(name: SwitchName, deps: KillSwitchDeps): Promise<SwitchView> {
  const table = deps.switches[switchHome(name)];
  const [state, history] = await Promise.all([table.state(name), table.history(name)]);
  return {
    name,
    off: state?.off === true,
    ...(state ? { changedBy: state.by, changedAt: state.at, reason: state.reason } : {}),
    history,
  };
}

export async function listSwitches(deps: KillSwitchDeps): Promise<SwitchView[]> {
  const disabled = [...(await deps.switches.risk.disabledRules())].sort().map(ruleSwitch);
  return Promise.all([...GLOBAL_SWITCHES, ...disabled].map((n) => switchView(n, deps)));
}

export async function setSwitch(
  staff: string,
  name: SwitchName,
  input: { readonly off: boolean; readonly reason: string },
  deps: KillSwitchDeps,
): Promise<SwitchView> {
  const table = deps.switches[switchHome(name)];
  const rule = ruleOfSwitch(name);
  // Turning a rule back on is always allowed (its version may have been replaced meanwhile).
  if (rule !== undefined && input.off && !(await deps.ruleIds()).has(rule))
    throw new NotFoundError(
      'RULE_NOT_FOUND',
      `No rule ${rule} in the live rule set or a version in shadow.`,
    );
  const current = await table.state(name);
  if ((current?.off === true) !== input.off) {
    await deps.audit.switchChanged({ name, actor: staff, off: input.off, reason: input.reason });
    await table.set({
      name,
      off: input.off,
      reason: input.reason,
      by: staff,
      at: deps.clock.now().toISOString(),
    });
  }
  // Also when it was on already: a retry sends whatever still waits.
  const resumed =
    name === 'settlement' && !input.off
      ? await resumeWaiting({ switchOn: 'settlement' }, deps)
      : undefined;
  return { ...(await switchView(name, deps)), ...(resumed !== undefined ? { resumed } : {}) };
}
