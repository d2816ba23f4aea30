// A customer's status as staff change it (M4.4-a, ADR 0015): a risk or compliance officer
// freezes an ACTIVE customer (no money moves in or out, in-flight movements wait) and
// unfreezes a FROZEN one, each with a reason; CLOSED is final. Pure: the repository
// writes what this decides, on the status it read.

export const CUSTOMER_STATUSES = ['ACTIVE', 'FROZEN', 'CLOSED'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const STATUS_ACTIONS = ['FREEZE', 'UNFREEZE'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

/** One change of a customer's status, as kept. */
export interface StatusChange {
  readonly action: StatusAction;
  readonly from: CustomerStatus;
  readonly to: CustomerStatus;
  readonly by: string;
  readonly at: string;
  readonly reason: string;
}

export class StatusActionRefused extends Error {
  override readonly name = 'StatusActionRefused';
}

const NEXT: Record<StatusAction, { from: CustomerStatus; to: CustomerStatus }> = {
  FREEZE: { from: 'ACTIVE', to: 'FROZEN' },
  UNFREEZE: { from: 'FROZEN', to: 'ACTIVE' },
};

/** The change `action` makes to a customer in `status`, or a refusal naming why not. */
export function applyStatusAction(
  status: CustomerStatus,
  step: { action: StatusAction; by: string; at: string; reason: string },
): StatusChange {
  const { from, to } = NEXT[step.action];
  if (status !== from)
    throw new StatusActionRefused(
      status === 'CLOSED'
        ? 'The account is closed; its status no longer changes.'
        : `The account is ${status}; ${step.action} applies to a ${from} account.`,
    );
  return { ...step, from, to };
}
