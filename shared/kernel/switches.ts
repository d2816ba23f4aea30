// Kill switches (M4.4-a, M6.4-a; ADR 0018): an operator stops one kind of business at once,
// without a deploy, and starts it again; nothing is lost while it is off. Each switch is an
// item in the table of the data it guards, and every guarded transaction conditions on it,
// so it is in force from the moment it is written. A rule switch disables one monitoring
// rule: the scorer and the pre-check skip it, within seconds (ADR 0018). Pure: names and
// what each one guards.

/**
 * settlement: no movement settles (each waits, none is lost); registrations: no new
 * registration; sales: no order of any product, `sales.<productId>`: of that product;
 * lending: no loan is paid out (offers wait; applications are still decided);
 * `rule.<ruleId>`: the monitoring rule does not run (its decisions say it was disabled).
 */
export type SwitchName =
  'settlement' | 'registrations' | 'sales' | 'lending' | `sales.${string}` | `rule.${string}`;

/** A rule id as rule sets write them (lower-case letters, digits and dashes). */
const RULE_ID = '[a-z][a-z0-9-]{2,62}';

export const SWITCH_NAME = new RegExp(
  `^(settlement|registrations|sales|lending|sales\\.[A-Za-z0-9_-]{1,64}|rule\\.${RULE_ID})$`,
);

export const isSwitchName = (name: string): name is SwitchName => SWITCH_NAME.test(name);

/** The table whose transactions a switch guards (it lives there). */
export type SwitchHome = 'ledger' | 'customers' | 'products' | 'risk';

export function switchHome(name: SwitchName): SwitchHome {
  if (name === 'settlement' || name === 'lending') return 'ledger';
  if (name === 'registrations') return 'customers';
  if (name.startsWith('rule.')) return 'risk';
  return 'products';
}

/** The rule a switch disables, or undefined for a switch of another kind. */
export const ruleOfSwitch = (name: SwitchName): string | undefined =>
  name.startsWith('rule.') ? name.slice('rule.'.length) : undefined;

/** The switch that disables a rule. */
export const ruleSwitch = (ruleId: string): SwitchName => `rule.${ruleId}`;

/** A switch's state: `off` is "business stopped" (the switch is thrown). */
export interface SwitchState {
  readonly name: SwitchName;
  readonly off: boolean;
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}
