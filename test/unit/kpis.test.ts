// KPIs per flow (issue 14): each KPI's figure from facts with known answers, the NPS, working
// days on the settlement calendar, and the docs page held to the definitions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  KPI_DEFINITIONS,
  kpisOf,
  netPromoterScore,
  workingDaysBetween,
  type KpiFacts,
} from '../../shared/insight';
import { addDays } from '../../shared/kernel';
import { isBusinessDay } from '../../shared/money';

const EMPTY: KpiFacts = {
  registrations: [],
  creditDecisions: [],
  settlements: [],
  alerts: [],
  incidents: [],
  service: {
    firstResponse: { met: 0, due: 0 },
    result: { met: 0, due: 0 },
    ratings: { responses: 0, satisfied: 0, promoters: 0, detractors: 0 },
  },
  retention: { atRisk: null, customers: null, actions: 0 },
};

const byId = (facts: KpiFacts) => new Map(kpisOf(facts).map((k) => [k.id, k]));

describe('KPIs (M8.3-a)', () => {
  it('M8.3-a measures nothing as null, never as 0, with every KPI defined once', () => {
    const ids = KPI_DEFINITIONS.map((k) => k.id);
    expect(new Set(ids).size).toBe(ids.length);
    const out = kpisOf(EMPTY);
    for (const k of out.filter((k) => k.id !== 'retention.actions')) {
      expect(k.value, k.id).toBeNull();
      expect(k.met, k.id).toBeNull();
    }
  });

  it('M8.1-a M8.3-a computes conversion, verification time, decision time and referral rate from the records', () => {
    const k = byId({
      ...EMPTY,
      registrations: [
        { createdAt: '2026-04-10T02:00:00.000Z', verifiedAt: '2026-04-10T02:03:00.000Z' },
        { createdAt: '2026-04-10T03:00:00.000Z', verifiedAt: '2026-04-10T03:07:00.000Z' },
        { createdAt: '2026-04-10T04:00:00.000Z' },
      ],
      creditDecisions: [
        { appliedAt: 'a', decidedAt: 'a', referred: false, workingDays: 0 },
        { appliedAt: 'a', decidedAt: 'b', referred: true, workingDays: 4 },
        { appliedAt: 'a', decidedAt: 'b', referred: true, workingDays: 5 },
      ],
    });
    expect(k.get('registration.conversion')).toMatchObject({
      value: 66.67,
      numerator: 2,
      denominator: 3,
    });
    expect(k.get('registration.time')).toMatchObject({ value: 5, basis: 2 });
    // (0 + 4 + 5) / 3 = 3: exactly the manual's reference target, which it meets.
    expect(k.get('credit.decisionTime')).toMatchObject({ value: 3, basis: 3, met: true });
    expect(k.get('credit.referralRate')).toMatchObject({ value: 66.67 });
  });

  it('M8.3-a computes settlement latency and failures, alert handling and false positives, incident times', () => {
    const k = byId({
      ...EMPTY,
      settlements: [
        { dueAt: '2026-04-10T00:00:00.000Z', settledAt: '2026-04-10T00:00:30.000Z', failed: false },
        { dueAt: '2026-04-10T00:00:00.000Z', settledAt: '2026-04-10T00:01:30.000Z', failed: false },
        { dueAt: '2026-04-10T00:00:00.000Z', failed: true },
        { dueAt: '2026-04-10T00:00:00.000Z', failed: false },
      ],
      alerts: [
        {
          openedAt: '2026-04-10T00:00:00.000Z',
          closedAt: '2026-04-10T01:00:00.000Z',
          disposition: 'FALSE_POSITIVE',
        },
        {
          openedAt: '2026-04-10T00:00:00.000Z',
          closedAt: '2026-04-10T03:00:00.000Z',
          disposition: 'CONFIRMED_RISK',
        },
        { openedAt: '2026-04-10T00:00:00.000Z' },
      ],
      incidents: [
        {
          openedAt: '2026-04-10T00:00:00.000Z',
          acknowledgedAt: '2026-04-10T00:10:00.000Z',
          resolvedAt: '2026-04-10T20:00:00.000Z',
        },
        { openedAt: '2026-04-10T00:00:00.000Z', acknowledgedAt: '2026-04-10T00:30:00.000Z' },
        { openedAt: '2026-04-10T00:00:00.000Z', resolvedAt: '2026-04-12T00:00:00.000Z' },
      ],
    });
    expect(k.get('settlement.latency')).toMatchObject({ value: 60, basis: 2 });
    // One failed of three finished (the fourth is still pending).
    expect(k.get('settlement.failureRate')).toMatchObject({ value: 33.33, denominator: 3 });
    expect(k.get('alerts.handlingTime')).toMatchObject({ value: 120, basis: 2 });
    expect(k.get('alerts.falsePositiveRate')).toMatchObject({ value: 50, denominator: 2 });
    expect(k.get('incidents.responseTime')).toMatchObject({ value: 20, basis: 2 });
    expect(k.get('incidents.resolutionTime')).toMatchObject({ value: (1200 + 2880) / 2 });
    // One of three within 24 h: against the manual's 82%.
    expect(k.get('incidents.resolvedWithin24h')).toMatchObject({ value: 33.33, met: false });
  });

  it('M7.2-b M7.4-a M8.3-a computes SLA shares, satisfaction against the 82% reference and the NPS', () => {
    const k = byId({
      ...EMPTY,
      service: {
        firstResponse: { met: 9, due: 10 },
        result: { met: 10, due: 10 },
        // Ten ratings, eight of them 4 or 5; NPS answers: 5 promoters, 3 detractors.
        ratings: { responses: 10, satisfied: 8, promoters: 5, detractors: 3 },
      },
      retention: { atRisk: 5, customers: 200, actions: 3 },
    });
    expect(k.get('complaints.firstResponseSla')).toMatchObject({ value: 90, met: false });
    expect(k.get('complaints.resultSla')).toMatchObject({ value: 100, met: true });
    expect(k.get('service.satisfaction')).toMatchObject({ value: 80, met: false });
    expect(k.get('service.nps')).toMatchObject({ value: 20, basis: 10 });
    expect(k.get('retention.churnRisk')).toMatchObject({ value: 2.5 });
    expect(k.get('retention.actions')).toMatchObject({ value: 3 });
    expect(netPromoterScore({ responses: 3, promoters: 0, detractors: 3 })).toBe(-100);
    expect(netPromoterScore({ responses: 0, promoters: 0, detractors: 0 })).toBeNull();
  });

  it('M8.1-a counts working days on the settlement calendar: a weekend and a holiday skipped', () => {
    const policy = {
      t0MaxAmount: 0,
      t2Channels: [],
      holidays: ['2026-10-01', '2026-10-02'],
      workingWeekends: [],
    };
    const working = (d: string) => isBusinessDay(d, policy);
    expect(workingDaysBetween('2026-04-10', '2026-04-10', working, addDays)).toBe(0);
    // Friday to Monday: one working day.
    expect(workingDaysBetween('2026-04-10', '2026-04-13', working, addDays)).toBe(1);
    // Wednesday 30 September to Monday 5 October: the holidays and the weekend skipped.
    expect(workingDaysBetween('2026-09-30', '2026-10-05', working, addDays)).toBe(1);
  });

  it('M8.3-a docs/kpis.md shows every KPI with its owner and the formula the code computes', () => {
    // Prettier pads the table's cells: compared with runs of spaces as one.
    const page = readFileSync('docs/kpis.md', 'utf8').replace(/ +/g, ' ');
    for (const k of KPI_DEFINITIONS) {
      expect(page, k.id).toContain(`\`${k.id}\` ${k.title} | ${k.flow} | ${k.owner}`);
      expect(page, k.id).toContain(k.formula);
    }
  });
});
