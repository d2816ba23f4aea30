// Complaint SLA clocks and figures (issue 14; M7.4-a 24 h / 48 h, M7.2-a, M7.2-b NPS): pure
// functions over a complaint's recorded history, with exact figures: calendar and business
// hours, the settlement calendar's holidays and working weekends, pauses while waiting for
// the customer (recomputed from the history, so a restart or a late-recorded event gives
// the same clock), the customer's timeline without internal notes, the share of SLAs met,
// satisfaction and NPS, and the top causes with their trend.
import { describe, expect, it } from 'vitest';
import {
  countedMs,
  customerTimeline,
  DEFAULT_SERVICE,
  deadlineOf,
  foldComplaint,
  mergedPauses,
  pausesOf,
  satisfactionBreakdown,
  satisfactionOf,
  slaCalendarOf,
  slaCompliance,
  slaOf,
  topCauses,
  type ComplaintEvent,
  type ComplaintFacts,
  type ServiceConfig,
  type SlaCalendar,
} from '../../shared/service';

const H = 3_600_000;
const NO_DAYS = { holidays: [], workingWeekends: [] };
const CALENDAR = slaCalendarOf(DEFAULT_SERVICE, NO_DAYS);
const BUSINESS_CONFIG: ServiceConfig = {
  ...DEFAULT_SERVICE,
  sla: { ...DEFAULT_SERVICE.sla, mode: 'BUSINESS' },
};
const business = (days: SlaCalendar['days'] = NO_DAYS) => slaCalendarOf(BUSINESS_CONFIG, days);
const t = (iso: string) => Date.parse(iso);

const filed = (at: string): ComplaintEvent => ({
  type: 'FILED',
  at,
  by: 'cust-1',
  kind: 'COMPLAINT',
  category: 'PAYMENTS',
  description: 'my transfer is late',
  related: {},
});
const ev = (type: string, at: string, extra: Record<string, unknown> = {}) =>
  ({ type, at, by: 'agent-1', ...extra }) as ComplaintEvent;

describe('SLA clock arithmetic (M7.4-a)', () => {
  it('M7.4-a on the calendar every hour counts: 23 h after filing the first response is 96% spent and due in 1 h', () => {
    const events = [filed('2026-11-27T10:00:00.000Z')];
    const [first, result] = slaOf(
      events,
      new Date('2026-11-28T09:00:00Z'),
      DEFAULT_SERVICE,
      CALENDAR,
    );
    expect(first).toMatchObject({
      clock: 'FIRST_RESPONSE',
      status: 'RUNNING',
      elapsedMinutes: 1380,
      pausedMinutes: 0,
      share: 0.96,
      dueAt: '2026-11-28T10:00:00.000Z',
      warning: true,
      paused: false,
    });
    expect(result).toMatchObject({
      clock: 'RESULT',
      status: 'RUNNING',
      elapsedMinutes: 1380,
      share: 0.48,
      dueAt: '2026-11-29T10:00:00.000Z',
      warning: false,
    });
  });

  it('M7.4-a in business hours (09:00-18:00 CST) a Friday 16:00 complaint spends 2 h on Friday, none at the weekend, and its 24 h run out on Wednesday 13:00 CST', () => {
    const from = t('2026-11-27T08:00:00Z'); // Friday 16:00 CST
    expect(deadlineOf(from, 24 * H, business())).toBe(t('2026-12-02T05:00:00Z'));
    // Monday 18:00 CST: Friday 2 h + Monday 9 h.
    expect(countedMs(from, t('2026-11-30T10:00:00Z'), business())).toBe(11 * H);
    // Saturday and Sunday count nothing.
    expect(countedMs(t('2026-11-28T00:00:00Z'), t('2026-11-30T00:00:00Z'), business())).toBe(0);
  });

  it('M7.4-a a holiday of the settlement calendar moves the deadline a business day; a working weekend (调休) counts like a weekday', () => {
    const from = t('2026-11-27T08:00:00Z');
    const holidayMonday = business({ holidays: ['2026-11-30'], workingWeekends: [] });
    expect(deadlineOf(from, 24 * H, holidayMonday)).toBe(t('2026-12-03T05:00:00Z'));
    const workedSaturday = business({ holidays: ['2026-11-30'], workingWeekends: ['2026-11-28'] });
    expect(deadlineOf(from, 24 * H, workedSaturday)).toBe(t('2026-12-02T05:00:00Z'));
  });

  it('M7.4-a a clock stops while the platform waits for the customer: 24 h waiting add 24 h to the 48 h result deadline, and the complaint says it is paused', () => {
    const events = [
      filed('2026-11-27T00:00:00.000Z'),
      ev('INFO_REQUESTED', '2026-11-27T06:00:00.000Z', { message: 'which transfer?' }),
      ev('CUSTOMER_REPLIED', '2026-11-28T06:00:00.000Z', { message: 'the one on Monday' }),
    ];
    // While waiting: paused, no deadline, 6 h counted.
    const waiting = slaOf(
      events.slice(0, 2),
      new Date('2026-11-27T20:00:00Z'),
      DEFAULT_SERVICE,
      CALENDAR,
    );
    expect(waiting[0]).toMatchObject({
      status: 'MET',
      elapsedMinutes: 360,
      stoppedAt: '2026-11-27T06:00:00.000Z',
    });
    expect(waiting[1]).toMatchObject({
      status: 'PAUSED',
      paused: true,
      elapsedMinutes: 360,
      pausedMinutes: 840,
    });
    expect(waiting[1]?.dueAt).toBeUndefined();
    expect(foldComplaint('C1', 'cust-1', events.slice(0, 2))).toMatchObject({
      status: 'AWAITING_CUSTOMER',
      waitingForCustomer: true,
    });
    // Answered: running again, 24 h later than without the pause.
    const [, result] = slaOf(events, new Date('2026-11-28T12:00:00Z'), DEFAULT_SERVICE, CALENDAR);
    expect(result).toMatchObject({
      status: 'RUNNING',
      paused: false,
      elapsedMinutes: 720,
      pausedMinutes: 1440,
      share: 0.25,
      dueAt: '2026-11-30T00:00:00.000Z',
    });
    // Resolved 49 counted hours after filing: the result clock is breached (2940 min).
    const late = [...events, ev('RESOLVED', '2026-11-30T01:00:00.000Z', { message: 'refunded' })];
    const [, breached] = slaOf(late, new Date('2026-12-01T00:00:00Z'), DEFAULT_SERVICE, CALENDAR);
    expect(breached).toMatchObject({ status: 'BREACHED', elapsedMinutes: 2940 });
  });

  it('M7.4-a a pause in business hours counts only the business time it took out: Friday 10-12 and Monday 15-17 CST count (4 h), the 48 business hours end Monday a week later, 16:00 CST', () => {
    const events = [
      filed('2026-11-27T02:00:00.000Z'), // Friday 10:00 CST
      ev('INFO_REQUESTED', '2026-11-27T04:00:00.000Z', { message: '?' }), // 12:00 CST
      ev('CUSTOMER_REPLIED', '2026-11-30T07:00:00.000Z', { message: '!' }), // Monday 15:00 CST
    ];
    const [, result] = slaOf(events, new Date('2026-11-30T09:00:00Z'), BUSINESS_CONFIG, business());
    expect(result).toMatchObject({
      mode: 'BUSINESS',
      elapsedMinutes: 240,
      pausedMinutes: 720,
      dueAt: '2026-12-07T08:00:00.000Z',
    });
  });

  it('M7.4-a pauses come from the recorded history alone: read again later (a restart) or with a late-recorded reply (a correction), the clock is the same figure', () => {
    const events = [
      filed('2026-11-27T00:00:00.000Z'),
      ev('INFO_REQUESTED', '2026-11-27T06:00:00.000Z', { message: '?' }),
      ev('CUSTOMER_REPLIED', '2026-11-28T06:00:00.000Z', { message: '!' }),
    ];
    expect(pausesOf(events)).toEqual([
      { from: t('2026-11-27T06:00:00Z'), to: t('2026-11-28T06:00:00Z') },
    ]);
    const now = new Date('2026-11-28T12:00:00Z');
    expect(slaOf(events, now, DEFAULT_SERVICE, CALENDAR)).toEqual(
      slaOf(JSON.parse(JSON.stringify(events)) as ComplaintEvent[], now, DEFAULT_SERVICE, CALENDAR),
    );
    // Overlapping and open pauses merge; an open pause stops the clock for good.
    expect(
      mergedPauses([{ from: 5, to: 9 }, { from: 1, to: 6 }, { from: 20 }, { from: 25, to: 30 }]),
    ).toEqual([
      { from: 1, to: 9 },
      { from: 20, to: undefined },
    ]);
    // Read at the very instant of the request for information: already paused.
    const asked = [events[0], events[1]] as ComplaintEvent[];
    expect(
      slaOf(asked, new Date('2026-11-27T06:00:00Z'), DEFAULT_SERVICE, CALENDAR)[1],
    ).toMatchObject({
      status: 'PAUSED',
      paused: true,
      elapsedMinutes: 360,
    });
    expect(deadlineOf(0, 10 * H, CALENDAR, [{ from: 4 * H }])).toBeUndefined();
    expect(countedMs(0, 10 * H, CALENDAR, [{ from: 4 * H }])).toBe(4 * H);
  });
});

describe('the complaint as its history makes it (M7.4-a, M7.2-a)', () => {
  const history: ComplaintEvent[] = [
    filed('2026-11-27T00:00:00.000Z'),
    ev('ACCEPTED', '2026-11-27T01:00:00.000Z'),
    ev('ASSIGNED', '2026-11-27T01:05:00.000Z', { assignee: 'agent-2' }),
    ev('NOTE', '2026-11-27T01:10:00.000Z', { note: 'customer called twice; check the provider' }),
    ev('CLASSIFIED', '2026-11-27T01:20:00.000Z', {
      category: 'PAYMENTS',
      cause: 'late-settlement',
    }),
    ev('RESPONDED', '2026-11-27T02:00:00.000Z', { message: 'we are on it' }),
    ev('RESOLVED', '2026-11-27T20:00:00.000Z', { message: 'settled' }),
    ev('CLOSED', '2026-11-27T21:00:00.000Z'),
    { type: 'RATED', at: '2026-11-28T00:00:00.000Z', by: 'cust-1', rating: 4, nps: 9 },
  ];

  it('M7.4-a accept, classify, assign, respond, resolve, close: the state, the cause and who handled it', () => {
    expect(foldComplaint('C1', 'cust-1', history)).toMatchObject({
      status: 'CLOSED',
      cause: 'late-settlement',
      assignee: 'agent-2',
      handledBy: 'agent-2',
      firstResponseAt: '2026-11-27T02:00:00.000Z',
      resolvedAt: '2026-11-27T20:00:00.000Z',
      rating: { rating: 4, nps: 9 },
    });
    const [first, result] = slaOf(
      history,
      new Date('2026-12-01T00:00:00Z'),
      DEFAULT_SERVICE,
      CALENDAR,
    );
    expect(first).toMatchObject({ status: 'MET', elapsedMinutes: 120 });
    expect(result).toMatchObject({ status: 'MET', elapsedMinutes: 1200 });
  });

  it('M7.2-a the customer’s timeline has no internal note, assignment or classification, and names no agent', () => {
    const timeline = customerTimeline(history);
    expect(timeline.map((e) => e.type)).toEqual([
      'FILED',
      'ACCEPTED',
      'RESPONDED',
      'RESOLVED',
      'CLOSED',
      'RATED',
    ]);
    expect(JSON.stringify(timeline)).not.toContain('agent-');
    expect(JSON.stringify(timeline)).not.toContain('provider');
  });
});

describe('complaint figures (M7.4-a, M7.2-b, M8.1-a)', () => {
  const facts = (
    category: 'PAYMENTS' | 'LOANS',
    statuses: ['MET' | 'BREACHED' | 'RUNNING', 'MET' | 'BREACHED' | 'RUNNING'],
    extra: Partial<ComplaintFacts['state']> = {},
  ): ComplaintFacts =>
    ({
      state: { category, related: {}, ...extra },
      clocks: [
        { clock: 'FIRST_RESPONSE', status: statuses[0] },
        { clock: 'RESULT', status: statuses[1] },
      ],
    }) as unknown as ComplaintFacts;

  it('M7.4-a the share of SLAs met counts decided clocks only (running ones wait), per clock and category', () => {
    const share = slaCompliance([
      facts('PAYMENTS', ['MET', 'MET']),
      facts('PAYMENTS', ['BREACHED', 'MET']),
      facts('PAYMENTS', ['MET', 'RUNNING']),
      facts('LOANS', ['MET', 'BREACHED']),
    ]);
    expect(share.overall.FIRST_RESPONSE).toEqual({ decided: 4, met: 3, breached: 1, share: 0.75 });
    expect(share.overall.RESULT).toEqual({ decided: 3, met: 2, breached: 1, share: 0.6667 });
    expect(share.overall.ALL).toEqual({ decided: 7, met: 5, breached: 2, share: 0.7143 });
    expect(share.byCategory.map((c) => [c.category, c.ALL.share])).toEqual([
      ['LOANS', 0.5],
      ['PAYMENTS', 0.8],
    ]);
  });

  it('M7.2-b NPS is promoters (9-10) minus detractors (0-6) in percent: 3 promoters, 2 passives, 2 detractors of 7 is 14.3', () => {
    const ratings = [10, 9, 9, 8, 7, 6, 0].map((nps, i) => ({ nps, rating: (i % 5) + 1 }));
    expect(satisfactionOf(ratings)).toEqual({
      responses: 7,
      averageRating: 2.57, // (1+2+3+4+5+1+2)/7 = 18/7
      satisfiedShare: 0.2857, // ratings 4 and 5: 2 of 7
      promoters: 3,
      passives: 2,
      detractors: 2,
      nps: 14.3,
    });
    expect(satisfactionOf([])).toMatchObject({ responses: 0, nps: null, averageRating: null });
  });

  it('M7.2-b satisfaction per category and per agent', () => {
    const rated = (category: 'PAYMENTS' | 'LOANS', agent: string, rating: number, nps: number) =>
      facts(category, ['MET', 'MET'], { handledBy: agent, rating: { rating, nps, at: '' } });
    const s = satisfactionBreakdown([
      rated('PAYMENTS', 'ann', 5, 10),
      rated('PAYMENTS', 'bob', 2, 3),
      rated('LOANS', 'ann', 4, 9),
      facts('LOANS', ['MET', 'MET']),
    ]);
    expect(s.overall).toMatchObject({ responses: 3, nps: 33.3, averageRating: 3.67 });
    expect(s.byAgent.map((a) => [a.agent, a.nps, a.averageRating])).toEqual([
      ['ann', 100, 4.5],
      ['bob', -100, 2],
    ]);
    expect(s.byCategory.map((c) => [c.category, c.responses])).toEqual([
      ['LOANS', 1],
      ['PAYMENTS', 2],
    ]);
  });

  it('M7.4-a top causes per category and product, with the previous period for the trend', () => {
    const c = (cause: string, productId?: string) =>
      facts('PAYMENTS', ['MET', 'MET'], { cause, related: productId ? { productId } : {} });
    const current = [
      c('late-settlement', 'P1'),
      c('late-settlement', 'P1'),
      c('late-settlement'),
      c('fee-dispute', 'P1'),
    ];
    const previous = [c('late-settlement'), c('fee-dispute'), c('fee-dispute'), c('app-crash')];
    const causes = topCauses(current, previous, 5);
    expect(causes.overall).toEqual([
      { cause: 'late-settlement', count: 3, previous: 1, change: 2, direction: 'UP' },
      { cause: 'fee-dispute', count: 1, previous: 2, change: -1, direction: 'DOWN' },
    ]);
    expect(causes.byProduct).toEqual([
      {
        productId: 'P1',
        complaints: 3,
        previousComplaints: 0,
        causes: [
          { cause: 'late-settlement', count: 2, previous: 0, change: 2, direction: 'UP' },
          { cause: 'fee-dispute', count: 1, previous: 0, change: 1, direction: 'UP' },
        ],
      },
    ]);
    expect(causes.byCategory[0]).toMatchObject({
      category: 'PAYMENTS',
      complaints: 4,
      previousComplaints: 4,
    });
  });
});
