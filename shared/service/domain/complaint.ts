// A complaint or enquiry (M7.4-a, M7.2-a, M2.4-a; docs/customer-service.md): its history of
// events is the source of truth. Where it stands, who has it, what the customer may see and
// its SLA clocks are all read from the events by the pure functions here, so a complaint read
// after a restart or a correction is the same complaint.
import type { ServiceConfig } from './config';
import {
  clockOf,
  SLA_CLOCKS,
  type Pause,
  type SlaCalendar,
  type SlaClock,
  type SlaClockName,
} from './sla';

export const COMPLAINT_KINDS = ['COMPLAINT', 'ENQUIRY'] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];

export const COMPLAINT_CATEGORIES = [
  'ACCOUNT',
  'PAYMENTS',
  'INVESTMENTS',
  'LOANS',
  'FEES',
  'SERVICE',
  'PRIVACY',
  'FRAUD',
  'OTHER',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export const COMPLAINT_STATUSES = [
  'SUBMITTED',
  'ACCEPTED',
  'AWAITING_CUSTOMER',
  'RESOLVED',
  'CLOSED',
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** What a complaint is about: the customer's own movement, order, loan, or a product. */
export interface Related {
  readonly movementId?: string | undefined;
  readonly orderId?: string | undefined;
  readonly loanId?: string | undefined;
  readonly productId?: string | undefined;
}

/** The agents' actions (each one event). */
export const AGENT_ACTIONS = [
  'ACCEPT',
  'CLASSIFY',
  'ASSIGN',
  'RESPOND',
  'REQUEST_INFO',
  'NOTE',
  'RESOLVE',
  'CLOSE',
] as const;
export type AgentAction = (typeof AGENT_ACTIONS)[number];

interface Base {
  readonly at: string;
  /** A customer id, a staff username, or `system` (the SLA job). */
  readonly by: string;
}

export type ComplaintEvent =
  | (Base & {
      readonly type: 'FILED';
      readonly kind: ComplaintKind;
      readonly category: ComplaintCategory;
      readonly description: string;
      readonly related: Related;
    })
  | (Base & { readonly type: 'ACCEPTED' })
  | (Base & {
      readonly type: 'CLASSIFIED';
      readonly category: ComplaintCategory;
      readonly cause: string;
    })
  | (Base & { readonly type: 'ASSIGNED'; readonly assignee: string })
  | (Base & { readonly type: 'RESPONDED'; readonly message: string })
  | (Base & { readonly type: 'INFO_REQUESTED'; readonly message: string })
  | (Base & { readonly type: 'CUSTOMER_REPLIED'; readonly message: string })
  | (Base & { readonly type: 'NOTE'; readonly note: string })
  | (Base & { readonly type: 'RESOLVED'; readonly message: string })
  | (Base & { readonly type: 'CLOSED' })
  | (Base & { readonly type: 'RATED'; readonly rating: number; readonly nps: number })
  | (Base & { readonly type: 'SLA_WARNING'; readonly clock: SlaClockName; readonly share: number })
  | (Base & {
      readonly type: 'SLA_BREACHED';
      readonly clock: SlaClockName;
      readonly alertId: string;
      readonly elapsedMinutes: number;
    });
export type ComplaintEventType = ComplaintEvent['type'];

/** Events the customer sees on their timeline; internal notes and SLA bookkeeping they never do. */
const CUSTOMER_VISIBLE: ReadonlySet<ComplaintEventType> = new Set<ComplaintEventType>([
  'FILED',
  'ACCEPTED',
  'RESPONDED',
  'INFO_REQUESTED',
  'CUSTOMER_REPLIED',
  'RESOLVED',
  'CLOSED',
  'RATED',
]);
/** Messages to the customer: the first one is the first response. */
const TO_CUSTOMER: ReadonlySet<ComplaintEventType> = new Set<ComplaintEventType>([
  'RESPONDED',
  'INFO_REQUESTED',
  'RESOLVED',
]);

/** A complaint as its events make it. */
export interface ComplaintState {
  readonly complaintId: string;
  readonly customerId: string;
  readonly kind: ComplaintKind;
  readonly category: ComplaintCategory;
  readonly cause?: string;
  readonly description: string;
  readonly related: Related;
  readonly status: ComplaintStatus;
  readonly filedAt: string;
  readonly assignee?: string;
  readonly firstResponseAt?: string;
  readonly resolvedAt?: string;
  readonly closedAt?: string;
  /** Whether the platform waits for the customer's reply (the SLA clocks are paused). */
  readonly waitingForCustomer: boolean;
  readonly rating?: { readonly rating: number; readonly nps: number; readonly at: string };
  /** The agents who acted on it, in order of their first action (for per-agent figures). */
  readonly handledBy?: string;
  /** The SLA clocks' warnings and breach alerts raised so far. */
  readonly warned: readonly SlaClockName[];
  readonly breaches: readonly { clock: SlaClockName; alertId: string }[];
}

export class ComplaintHistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ComplaintHistoryError';
  }
}

/** Folds the history (oldest first) into where the complaint stands. */
export function foldComplaint(
  complaintId: string,
  customerId: string,
  events: readonly ComplaintEvent[],
): ComplaintState {
  const [first, ...rest] = events;
  if (first?.type !== 'FILED')
    throw new ComplaintHistoryError(`complaint ${complaintId} does not begin with FILED`);
  let s: {
    -readonly [K in keyof ComplaintState]: ComplaintState[K];
  } = {
    complaintId,
    customerId,
    kind: first.kind,
    category: first.category,
    description: first.description,
    related: first.related,
    status: 'SUBMITTED',
    filedAt: first.at,
    waitingForCustomer: false,
    warned: [],
    breaches: [],
  };
  for (const e of rest) {
    if (TO_CUSTOMER.has(e.type) && !s.firstResponseAt) s.firstResponseAt = e.at;
    switch (e.type) {
      case 'ACCEPTED':
        s.status = 'ACCEPTED';
        s.handledBy ??= e.by;
        break;
      case 'CLASSIFIED':
        s.category = e.category;
        s.cause = e.cause;
        break;
      case 'ASSIGNED':
        s.assignee = e.assignee;
        break;
      case 'RESPONDED':
        if (s.status === 'SUBMITTED') s.status = 'ACCEPTED';
        s.handledBy ??= e.by;
        break;
      case 'INFO_REQUESTED':
        s.status = 'AWAITING_CUSTOMER';
        s.waitingForCustomer = true;
        s.handledBy ??= e.by;
        break;
      case 'CUSTOMER_REPLIED':
        s.status = 'ACCEPTED';
        s.waitingForCustomer = false;
        break;
      case 'RESOLVED':
        s.status = 'RESOLVED';
        s.waitingForCustomer = false;
        s.resolvedAt = e.at;
        s.handledBy ??= e.by;
        break;
      case 'CLOSED':
        s.status = 'CLOSED';
        s.closedAt = e.at;
        break;
      case 'RATED':
        s.rating = { rating: e.rating, nps: e.nps, at: e.at };
        break;
      case 'SLA_WARNING':
        s.warned = [...s.warned, e.clock];
        break;
      case 'SLA_BREACHED':
        s.breaches = [...s.breaches, { clock: e.clock, alertId: e.alertId }];
        break;
      case 'NOTE':
      case 'FILED':
        break;
    }
  }
  // The assignee is who handles it; without one, who acted first.
  if (s.assignee) s = { ...s, handledBy: s.assignee };
  return s;
}

/** The times the platform waited for the customer: each info request to the reply after it. */
export function pausesOf(events: readonly ComplaintEvent[]): Pause[] {
  const out: Pause[] = [];
  let open: number | undefined;
  for (const e of events) {
    if (e.type === 'INFO_REQUESTED' && open === undefined) open = Date.parse(e.at);
    else if ((e.type === 'CUSTOMER_REPLIED' || e.type === 'RESOLVED') && open !== undefined) {
      out.push({ from: open, to: Date.parse(e.at) });
      open = undefined;
    }
  }
  if (open !== undefined) out.push({ from: open });
  return out;
}

export const slaCalendarOf = (config: ServiceConfig, days: SlaCalendar['days']): SlaCalendar => ({
  mode: config.sla.mode,
  dayStartMinute: config.sla.businessDayStartMinute,
  dayEndMinute: config.sla.businessDayEndMinute,
  days,
});

/** Both clocks of a complaint at `now`: first response (the first message to the customer) and result (resolved). */
export function slaOf(
  events: readonly ComplaintEvent[],
  now: Date,
  config: ServiceConfig,
  cal: SlaCalendar,
): SlaClock[] {
  const filed = events[0];
  if (!filed) return [];
  const firstMessage = events.find((e) => TO_CUSTOMER.has(e.type));
  const resolved = events.find((e) => e.type === 'RESOLVED');
  const pauses = pausesOf(events);
  const stops: Record<SlaClockName, string | undefined> = {
    FIRST_RESPONSE: firstMessage?.at,
    RESULT: resolved?.at,
  };
  const budgets: Record<SlaClockName, number> = {
    FIRST_RESPONSE: config.sla.firstResponseHours,
    RESULT: config.sla.resultHours,
  };
  return SLA_CLOCKS.map((clock) =>
    clockOf(
      clock,
      {
        startedAt: Date.parse(filed.at),
        stoppedAt: stops[clock] === undefined ? undefined : Date.parse(stops[clock]),
        pauses,
        now: now.getTime(),
        budgetHours: budgets[clock],
        warnAtShare: config.sla.warnAtShare,
      },
      cal,
    ),
  );
}

/** When the complaint's next running clock runs out (the agents' queue sorts on it). */
export function nextDueAt(clocks: readonly SlaClock[]): string | undefined {
  const due = clocks.map((c) => c.dueAt).filter((d): d is string => d !== undefined);
  return due.sort()[0];
}

/** The events a customer sees, in order: no internal notes, assignments or SLA bookkeeping. */
export function customerTimeline(events: readonly ComplaintEvent[]) {
  return events
    .filter((e) => CUSTOMER_VISIBLE.has(e.type))
    .map((e) => {
      // Staff are named by role, not by username, to the customer.
      const by =
        e.type === 'FILED' || e.type === 'CUSTOMER_REPLIED' || e.type === 'RATED'
          ? 'customer'
          : 'service';
      const { by: _by, ...rest } = e;
      return { ...rest, by };
    });
}

/** Why an agent's action does not apply to a complaint in this state, or undefined. */
export function refusalOf(action: AgentAction, s: ComplaintState): string | undefined {
  if (s.status === 'CLOSED') return 'the complaint is closed';
  switch (action) {
    case 'ACCEPT':
      return s.status === 'SUBMITTED' ? undefined : 'the complaint was already accepted';
    case 'RESPOND':
    case 'REQUEST_INFO':
      return s.status === 'RESOLVED' ? 'the complaint is resolved' : undefined;
    case 'RESOLVE':
      return s.status === 'RESOLVED' ? 'the complaint is already resolved' : undefined;
    case 'CLOSE':
      return s.status === 'RESOLVED' ? undefined : 'only a resolved complaint is closed';
    case 'CLASSIFY':
    case 'ASSIGN':
    case 'NOTE':
      return undefined;
  }
}
