// AML screening hits in monitoring (issue 14, M1-c, ADR 0031): an open hit is an alert on the
// customer's registration and holds their screened movements and transfers to them; a
// cleared customer, a deposit, or a refused attempt is left as the rules decided.
import { describe, expect, it } from 'vitest';
import {
  SCREENING_RULE,
  withScreening,
  type Decision,
  type MovementEvent,
  type OpenScreening,
  type RiskEvent,
} from '../../shared/risk';

const at = '2026-11-29T02:00:00.000Z';
const allow = (e: RiskEvent): Decision => ({
  eventId: e.eventId,
  customerId: e.customerId,
  flow: undefined,
  at,
  ruleSetVersion: 1,
  score: 0,
  action: 'ALLOW',
  hits: [],
});
const transfer = (
  customerId: string,
  counterpartyId: string,
  status = 'PENDING',
): MovementEvent => ({
  type: 'MOVEMENT',
  eventId: 'm-1:created',
  movementId: '4b8f4a56-7c55-4a43-9d0e-7e7c1d1f0a01',
  movementType: 'TRANSFER',
  customerId,
  counterpartyId,
  amount: 10_000,
  currency: 'CNY',
  settlementCycle: 'T+0',
  status,
  at,
});
const hit: OpenScreening = {
  status: 'OPEN',
  reasons: [
    'customer screening hit on sanctions v1: entry SAMPLE-0001 (SAMPLE-SANCTIONS), name score 1.00',
  ],
};

describe('M1-c screening hits in monitoring', () => {
  it('M1-c a re-screening event opens a SCREENING alert (REVIEW) for a customer whose list update hit, and nothing for one without an open hit', () => {
    const e: RiskEvent = {
      type: 'SCREENING',
      eventId: 'screening:sanctions:2:c-1',
      customerId: 'c-1',
      listId: 'sanctions',
      listVersion: 2,
      at,
    };
    expect(withScreening(allow(e), e, new Map([['c-1', hit]]))).toMatchObject({
      action: 'REVIEW',
      hits: [{ ruleId: SCREENING_RULE, action: 'REVIEW' }],
    });
    expect(withScreening(allow(e), e, new Map()).action).toBe('ALLOW');
  });

  it('M1-c opens a SCREENING alert (REVIEW) on the registration of a customer with an open hit', () => {
    const e: RiskEvent = {
      type: 'REGISTRATION',
      eventId: 'registration:c-1',
      customerId: 'c-1',
      at,
    };
    const d = withScreening(allow(e), e, new Map([['c-1', hit]]));
    expect(d.action).toBe('REVIEW');
    expect(d.hits).toEqual([
      expect.objectContaining({ ruleId: SCREENING_RULE, action: 'REVIEW', severity: 'HIGH' }),
    ]);
    expect(d.hits[0]?.reason).toContain('the customer has an open AML screening hit');
    expect(d.hits[0]?.reason).toContain('sanctions v1: entry SAMPLE-0001');
  });

  it('M1-c holds a transfer to a counterparty with an open hit, and one from a customer with a confirmed hit', () => {
    const toHit = withScreening(
      allow(transfer('c-1', 'c-2')),
      transfer('c-1', 'c-2'),
      new Map([['c-2', hit]]),
    );
    expect(toHit.action).toBe('HOLD');
    expect(toHit.hits[0]?.reason).toMatch(/^the counterparty has an open AML screening hit/);
    expect(toHit.hits[0]?.facts).toEqual({ customer: 'NONE', counterparty: 'OPEN' });
    const confirmed = withScreening(
      allow(transfer('c-1', 'c-2')),
      transfer('c-1', 'c-2'),
      new Map([['c-1', { ...hit, status: 'CONFIRMED' as const }]]),
    );
    expect(confirmed.action).toBe('HOLD');
    expect(confirmed.hits[0]?.reason).toMatch(/^the customer has a confirmed AML screening hit/);
  });

  it('M1-c leaves a decision alone without an open hit, for a deposit, and for an attempt the pre-check refused', () => {
    const e = transfer('c-1', 'c-2');
    expect(withScreening(allow(e), e, new Map())).toEqual(allow(e));
    const deposit: RiskEvent = { ...transfer('c-1', 'c-2'), movementType: 'DEPOSIT' };
    expect(withScreening(allow(deposit), deposit, new Map([['c-1', hit]])).action).toBe('ALLOW');
    const refused = transfer('c-1', 'c-2', 'BLOCKED');
    expect(withScreening(allow(refused), refused, new Map([['c-1', hit]])).hits).toEqual([]);
  });

  it('M1-c keeps a stronger decision of the rules (a BLOCK stays a BLOCK)', () => {
    const e = transfer('c-1', 'c-2');
    const d = withScreening({ ...allow(e), action: 'BLOCK' }, e, new Map([['c-1', hit]]));
    expect(d.action).toBe('BLOCK');
  });
});
