// Complaints and enquiries (M7.4-a, M7.2-a, M2.4-a; docs/customer-service.md): customers file
// them (about their own movement, order, loan, or a product), follow them and reply when asked;
// service agents accept, classify, assign, respond, ask for information, resolve and close,
// with internal notes customers never see; after closing the customer rates the handling.
// Every action is one event appended to the complaint's history under its version, and
// every write is keyed (Idempotency-Key) in the caller's key space.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../kernel';
import {
  commitChange,
  once,
  staffRequest,
  type IdempotentRequest,
  type LedgerRepo,
} from '../../money';
import { ConflictError, NotFoundError, Refusal } from '../../platform';
import type { ComplaintRecord, ServiceRepo } from '../adapters/service-repo';
import type { ServiceConfig } from '../domain/config';
import {
  customerTimeline,
  foldComplaint,
  nextDueAt,
  refusalOf,
  slaCalendarOf,
  slaOf,
  type AgentAction,
  type ComplaintCategory,
  type ComplaintEvent,
  type ComplaintKind,
  type ComplaintState,
  type Related,
} from '../domain/complaint';
import type { SlaCalendar, SlaClock } from '../domain/sla';

/** What a related movement, order or loan is, as far as the ownership check needs. */
export interface RelatedLookup {
  movement(
    id: string,
  ): Promise<{ customerId: string; type: string; productId?: string } | undefined>;
  loan(id: string): Promise<{ customerId: string } | undefined>;
  productExists(id: string): Promise<boolean>;
}

export interface ServiceDeps {
  readonly repo: ServiceRepo;
  /** Transactions on the service table (idempotency records live beside the complaints). */
  readonly tx: LedgerRepo;
  readonly clock: Clock;
  readonly config: ServiceConfig;
  /** The settlement calendar's business days. */
  readonly days: SlaCalendar['days'];
}

export const newComplaintId = (at: Date, random = randomBytes(6).toString('hex')) =>
  `C${at.toISOString().replace(/[-:.]/g, '')}-${random}`;

/** A complaint with its clocks, from its record. */
export function complaintFacts(
  record: ComplaintRecord,
  now: Date,
  deps: Pick<ServiceDeps, 'config' | 'days'>,
) {
  const state = foldComplaint(record.complaintId, record.customerId, record.history);
  const clocks = slaOf(record.history, now, deps.config, slaCalendarOf(deps.config, deps.days));
  return { state, clocks };
}

/** What the customer reads: no internal notes, no staff names, no SLA bookkeeping. */
export function customerView(
  state: ComplaintState,
  clocks: readonly SlaClock[],
  record: ComplaintRecord,
) {
  return {
    complaintId: state.complaintId,
    kind: state.kind,
    category: state.category,
    description: state.description,
    related: state.related,
    status: state.status,
    filedAt: state.filedAt,
    ...(state.firstResponseAt ? { firstResponseAt: state.firstResponseAt } : {}),
    ...(state.resolvedAt ? { resolvedAt: state.resolvedAt } : {}),
    ...(state.closedAt ? { closedAt: state.closedAt } : {}),
    waitingForCustomer: state.waitingForCustomer,
    sla: clocks,
    ...(state.rating ? { rating: state.rating } : {}),
    canRate: state.status === 'CLOSED' && !state.rating,
    timeline: customerTimeline(record.history),
  };
}

/** What service agents read: everything, internal notes included. */
export function staffView(
  state: ComplaintState,
  clocks: readonly SlaClock[],
  record: ComplaintRecord,
) {
  const due = nextDueAt(clocks);
  return {
    ...state,
    version: record.version,
    sla: clocks,
    ...(due ? { nextDueAt: due } : {}),
    history: record.history,
  };
}

function notFound(): NotFoundError {
  return new NotFoundError('COMPLAINT_NOT_FOUND', 'No complaint with this id.');
}

const unknownRelated = (field: keyof Related, what: string) =>
  new Refusal('COMPLAINT_RELATED_UNKNOWN', `The ${what} is not one of yours.`, [
    { path: `body.related.${field}`, reason: `is not one of your ${what}s` },
  ]);

/** The related records, each checked to be the customer's own; an order's product is kept. */
async function checkedRelated(
  customerId: string,
  related: Related,
  lookup: RelatedLookup,
): Promise<Related> {
  const out: { -readonly [K in keyof Related]: Related[K] } = { ...related };
  if (related.movementId) {
    const m = await lookup.movement(related.movementId);
    if (!m || m.customerId !== customerId) throw unknownRelated('movementId', 'movement');
  }
  if (related.orderId) {
    const m = await lookup.movement(related.orderId);
    if (!m || m.customerId !== customerId || m.type !== 'SUBSCRIPTION')
      throw unknownRelated('orderId', 'order');
    out.productId ??= m.productId;
  }
  if (related.loanId) {
    const loan = await lookup.loan(related.loanId);
    if (!loan || loan.customerId !== customerId) throw unknownRelated('loanId', 'loan');
  }
  if (related.productId && !(await lookup.productExists(related.productId)))
    throw new Refusal('COMPLAINT_RELATED_UNKNOWN', 'No such product.', [
      { path: 'body.related.productId', reason: 'is not a product of the catalogue' },
    ]);
  return out;
}

export interface ComplaintInput {
  readonly kind: ComplaintKind;
  readonly category: ComplaintCategory;
  readonly description: string;
  readonly related?: Related | undefined;
}

/** A customer files a complaint or an enquiry (keyed: a retry files nothing twice). */
export async function fileComplaint(
  req: IdempotentRequest & { input: ComplaintInput },
  deps: ServiceDeps & { related: RelatedLookup },
) {
  return once(deps.tx, req, { table: deps.repo.table, checkFirst: true }, async (key) => {
    const customerId = req.customerId;
    const related = await checkedRelated(customerId, req.input.related ?? {}, deps.related);
    const now = deps.clock.now();
    const filed: ComplaintEvent = {
      type: 'FILED',
      at: now.toISOString(),
      by: customerId,
      kind: req.input.kind,
      category: req.input.category,
      description: req.input.description,
      related,
    };
    const record: ComplaintRecord = {
      complaintId: newComplaintId(now),
      customerId,
      history: [filed],
      version: 1,
      status: 'SUBMITTED',
    };
    const { state, clocks } = complaintFacts(record, now, deps);
    const body = customerView(state, clocks, record);
    const tx = deps.repo.file(key.answered(deps.tx.tx(), body), record);
    await commitChange(deps.tx, tx, ['complaint'], 'Try again.');
    return body;
  });
}

async function own(customerId: string, complaintId: string, deps: Pick<ServiceDeps, 'repo'>) {
  const record = await deps.repo.get(complaintId);
  // Another customer's complaint is answered as no complaint at all.
  if (!record || record.customerId !== customerId) throw notFound();
  return record;
}

export async function customerComplaint(
  customerId: string,
  complaintId: string,
  deps: Omit<ServiceDeps, 'tx'>,
) {
  const record = await own(customerId, complaintId, deps);
  const { state, clocks } = complaintFacts(record, deps.clock.now(), deps);
  return customerView(state, clocks, record);
}

export async function customerComplaints(customerId: string, deps: Omit<ServiceDeps, 'tx'>) {
  const now = deps.clock.now();
  const records = await deps.repo.ofCustomer(customerId, 100);
  return {
    items: records.map((r) => {
      const { state, clocks } = complaintFacts(r, now, deps);
      const { timeline: _t, ...summary } = customerView(state, clocks, r);
      return summary;
    }),
  };
}

/** Appends events to a complaint read now, under its version; answers the view after. */
async function appendTo(
  record: ComplaintRecord,
  events: readonly ComplaintEvent[],
  key: Parameters<Parameters<typeof once>[3]>[0],
  view: (r: ComplaintRecord) => unknown,
  deps: ServiceDeps,
) {
  const after: ComplaintRecord = {
    ...record,
    history: [...record.history, ...events],
    version: record.version + 1,
  };
  const state = foldComplaint(after.complaintId, after.customerId, after.history);
  const body = view({ ...after, status: state.status });
  const tx = deps.repo.append(key.answered(deps.tx.tx(), body), record, events, state.status);
  await commitChange(
    deps.tx,
    tx,
    ['complaint'],
    'The complaint changed meanwhile; read it again and retry.',
  );
  return body;
}

/**
 * A step the customer takes on their own complaint (idempotent): `decide` refuses it for
 * the complaint's state, or answers the event to append; the answer is the customer's view.
 */
function customerStep<I>(
  req: IdempotentRequest & { complaintId: string; input: I },
  deps: ServiceDeps,
  decide: (state: ReturnType<typeof foldComplaint>, at: string) => ComplaintEvent,
) {
  return once(deps.tx, req, { table: deps.repo.table, checkFirst: true }, async (key) => {
    const record = await own(req.customerId, req.complaintId, deps);
    const state = foldComplaint(record.complaintId, record.customerId, record.history);
    const now = deps.clock.now();
    const event = decide(state, now.toISOString());
    return appendTo(
      record,
      [event],
      key,
      (after) => {
        const f = complaintFacts(after, now, deps);
        return customerView(f.state, f.clocks, after);
      },
      deps,
    );
  });
}

/** The customer replies to a request for information: the paused clocks run again. */
export async function replyToComplaint(
  req: IdempotentRequest & { complaintId: string; input: { message: string } },
  deps: ServiceDeps,
) {
  return customerStep(req, deps, (state, at) => {
    if (!state.waitingForCustomer)
      throw new ConflictError(
        'COMPLAINT_STATE_CONFLICT',
        'Nobody asked you for information on this complaint.',
      );
    return { type: 'CUSTOMER_REPLIED', at, by: req.customerId, message: req.input.message };
  });
}

/** After closing, the customer rates the handling (1..5) and answers the NPS question (0..10), once. */
export async function rateComplaint(
  req: IdempotentRequest & { complaintId: string; input: { rating: number; nps: number } },
  deps: ServiceDeps,
) {
  return customerStep(req, deps, (state, at) => {
    if (state.rating)
      throw new ConflictError('COMPLAINT_ALREADY_RATED', 'You rated this complaint already.');
    if (state.status !== 'CLOSED')
      throw new ConflictError(
        'COMPLAINT_STATE_CONFLICT',
        'A complaint is rated once it is closed.',
      );
    return {
      type: 'RATED',
      at,
      by: req.customerId,
      rating: req.input.rating,
      nps: req.input.nps,
    };
  });
}

/** An agent's action, as the route takes it. */
export type AgentActionInput =
  | { readonly action: 'ACCEPT' }
  | { readonly action: 'CLASSIFY'; readonly category: ComplaintCategory; readonly cause: string }
  | { readonly action: 'ASSIGN'; readonly assignee: string }
  | { readonly action: 'RESPOND' | 'REQUEST_INFO' | 'RESOLVE'; readonly message: string }
  | { readonly action: 'NOTE'; readonly note: string }
  | { readonly action: 'CLOSE' };

function eventOf(input: AgentActionInput, at: string, by: string): ComplaintEvent {
  switch (input.action) {
    case 'ACCEPT':
      return { type: 'ACCEPTED', at, by };
    case 'CLASSIFY':
      return { type: 'CLASSIFIED', at, by, category: input.category, cause: input.cause };
    case 'ASSIGN':
      return { type: 'ASSIGNED', at, by, assignee: input.assignee };
    case 'RESPOND':
      return { type: 'RESPONDED', at, by, message: input.message };
    case 'REQUEST_INFO':
      return { type: 'INFO_REQUESTED', at, by, message: input.message };
    case 'RESOLVE':
      return { type: 'RESOLVED', at, by, message: input.message };
    case 'NOTE':
      return { type: 'NOTE', at, by, note: input.note };
    case 'CLOSE':
      return { type: 'CLOSED', at, by };
  }
}

/**
 * A service agent acts on a complaint: one event on its history, refused where the state
 * does not allow it (409) or where the complaint changed since the version the agent read.
 */
export async function actOnComplaint(
  staff: string,
  req: Omit<IdempotentRequest, 'customerId' | 'body'> & {
    complaintId: string;
    input: AgentActionInput & { expectedVersion?: number | undefined };
  },
  deps: ServiceDeps,
) {
  const scoped = staffRequest(staff, req, { complaintId: req.complaintId, ...req.input });
  return once(deps.tx, scoped, { table: deps.repo.table, checkFirst: true }, async (key) => {
    const record = await deps.repo.get(req.complaintId);
    if (!record) throw notFound();
    if (req.input.expectedVersion !== undefined && req.input.expectedVersion !== record.version)
      throw new ConflictError(
        'CONCURRENT_CHANGE',
        `The complaint is at version ${record.version}, not ${req.input.expectedVersion}; read it again.`,
      );
    const state = foldComplaint(record.complaintId, record.customerId, record.history);
    const why = refusalOf(req.input.action as AgentAction, state);
    if (why) throw new ConflictError('COMPLAINT_STATE_CONFLICT', `Not now: ${why}.`);
    const now = deps.clock.now();
    const event = eventOf(req.input, now.toISOString(), staff);
    return appendTo(
      record,
      [event],
      key,
      (after) => {
        const f = complaintFacts(after, now, deps);
        return staffView(f.state, f.clocks, after);
      },
      deps,
    );
  });
}

export async function staffComplaint(complaintId: string, deps: Omit<ServiceDeps, 'tx'>) {
  const record = await deps.repo.get(complaintId);
  if (!record) throw notFound();
  const { state, clocks } = complaintFacts(record, deps.clock.now(), deps);
  return staffView(state, clocks, record);
}
