// What the counters know, held in memory: the store of replays and of the in-process
// benchmark. The same facts as the risk table (ADR 0011) with the same rules (an event
// counts once, observations kept for the longest window plus the late-event allowance),
// mutated in place so that hundreds of thousands of events score without copying views.
import { firstSeen, later } from './engine';
import type { CustomerView, Observation, ScoringContext, ViewDelta } from './engine';
import type { RiskEvent } from './risk-events';

interface MutableView {
  observations: Observation[];
  devices: Record<string, number>;
  registeredAt: number | undefined;
  lastMovementAt: number | undefined;
  phoneChangedAt: number | undefined;
  bankCardChangedAt: number | undefined;
}

const MINUTE = 60_000;

export class MemoryViews {
  private readonly views = new Map<string, MutableView>();
  private readonly identifiers = new Map<string, Set<string>>();

  constructor(private readonly keepMinutes: number) {}

  private view(customerId: string): MutableView {
    let v = this.views.get(customerId);
    if (!v) {
      // Every field present from the start: one object shape for V8.
      v = {
        observations: [],
        devices: {},
        registeredAt: undefined,
        lastMovementAt: undefined,
        phoneChangedAt: undefined,
        bankCardChangedAt: undefined,
      };
      this.views.set(customerId, v);
    }
    return v;
  }

  /** The scoring context of an event, as the risk table's one read would give it. */
  context(event: RiskEvent): ScoringContext {
    const customer: CustomerView = this.view(event.customerId);
    const cp = event.type === 'MOVEMENT' && event.counterpartyId ? event.counterpartyId : undefined;
    const registered = cp ? this.views.get(cp)?.registeredAt : undefined;
    const sharing: { device?: number; bankCard?: number } = {};
    const count = (kind: string, ref: string) => {
      const set = this.identifiers.get(`${kind}#${ref}`);
      return (set?.size ?? 0) + (set?.has(event.customerId) ? 0 : 1);
    };
    if ('deviceRef' in event && event.deviceRef) sharing.device = count('device', event.deviceRef);
    if ('bankCardRef' in event && event.bankCardRef)
      sharing.bankCard = count('bankCard', event.bankCardRef);
    return {
      customer,
      sharing,
      ...(registered !== undefined ? { counterpartyRegisteredAt: registered } : {}),
    };
  }

  /** Records what scoring an event added; `now` drops observations past their keep time. */
  apply(event: RiskEvent, delta: ViewDelta, now: number): void {
    const v = this.view(event.customerId);
    const from = now - this.keepMinutes * MINUTE;
    // Events arrive in time order but for the late ones: drop the expired head in place (a
    // late event left behind is outside every window anyway).
    let expired = 0;
    while (expired < v.observations.length && (v.observations[expired] as Observation).at <= from)
      expired++;
    if (expired) v.observations.splice(0, expired);
    const o = delta.observation;
    // Counted once: a redelivery has the same time and id (times compared first).
    if (o && o.at > from && !v.observations.some((x) => x.at === o.at && x.id === o.id))
      v.observations.push(o);
    // factsAfter's rule, applied in place (this is the replay's hot path: no copies).
    if (delta.device)
      v.devices[delta.device.ref] = firstSeen(v.devices[delta.device.ref], delta.device.at);
    v.registeredAt = later(v.registeredAt, delta.registeredAt);
    v.lastMovementAt = later(v.lastMovementAt, delta.movementAt);
    v.phoneChangedAt = later(v.phoneChangedAt, delta.phoneChangedAt);
    v.bankCardChangedAt = later(v.bankCardChangedAt, delta.bankCardChangedAt);
    for (const ident of delta.identifiers ?? []) {
      const key = `${ident.kind}#${ident.ref}`;
      let set = this.identifiers.get(key);
      if (!set) this.identifiers.set(key, (set = new Set()));
      set.add(event.customerId);
    }
  }
}
