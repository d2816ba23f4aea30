// Kill switches (M4.4-a, M6.4-a; ADR 0018): an operator stops one kind of business at once,
// without a deploy, and starts it again; nothing is lost while it is off. Each switch is an
// item in the table of the data it guards, and every guarded transaction conditions on it,
// so it is in force from the moment it is written. Pure: names and what each one guards.

/**
 * settlement: no movement settles (each waits, none is lost); registrations: no new
 * registration; sales: no order of any product, `sales.<productId>`: of that product.
 */
export type SwitchName = 'settlement' | 'registrations' | 'sales' | `sales.${string}`;

export const SWITCH_NAME = /^(settlement|registrations|sales|sales\.[A-Za-z0-9_-]{1,64})$/;

export const isSwitchName = (name: string): name is SwitchName => SWITCH_NAME.test(name);

/** The table whose transactions a switch guards (it lives there). */
export type SwitchHome = 'ledger' | 'customers' | 'products';

export function switchHome(name: SwitchName): SwitchHome {
  if (name === 'settlement') return 'ledger';
  if (name === 'registrations') return 'customers';
  return 'products';
}

/** A switch's state: `off` is "business stopped" (the switch is thrown). */
export interface SwitchState {
  readonly name: SwitchName;
  readonly off: boolean;
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}
