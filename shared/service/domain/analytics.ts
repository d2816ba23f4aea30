// Complaint figures (M7.4-a analytics, M7.2-b satisfaction and NPS, M8.1-a KPIs): pure over
// complaints read from their histories. The SLA share is the one the KPI work reuses
// (exported from shared/service).
import type { SlaClock, SlaClockName } from './sla';
import type { ComplaintCategory, ComplaintState } from './complaint';

/** A complaint as the figures need it: where it stands and its clocks. */
export interface ComplaintFacts {
  readonly state: ComplaintState;
  readonly clocks: readonly SlaClock[];
}

export interface SlaShare {
  /** Clocks decided: stopped, or breached while running. Running ones within budget wait. */
  readonly decided: number;
  readonly met: number;
  readonly breached: number;
  /** met / decided, four decimals; null while nothing is decided. */
  readonly share: number | null;
}

function slaShareOf(clocks: readonly SlaClock[]): SlaShare {
  const met = clocks.filter((c) => c.status === 'MET').length;
  const breached = clocks.filter((c) => c.status === 'BREACHED').length;
  const decided = met + breached;
  return {
    decided,
    met,
    breached,
    share: decided ? Math.round((met / decided) * 10_000) / 10_000 : null,
  };
}

export interface SlaCompliance {
  readonly overall: Record<SlaClockName | 'ALL', SlaShare>;
  readonly byCategory: readonly ({ category: ComplaintCategory } & Record<
    SlaClockName | 'ALL',
    SlaShare
  >)[];
}

function sharesOf(facts: readonly ComplaintFacts[]): Record<SlaClockName | 'ALL', SlaShare> {
  const all = facts.flatMap((f) => f.clocks);
  return {
    FIRST_RESPONSE: slaShareOf(all.filter((c) => c.clock === 'FIRST_RESPONSE')),
    RESULT: slaShareOf(all.filter((c) => c.clock === 'RESULT')),
    ALL: slaShareOf(all),
  };
}

/**
 * The share of SLAs met among the complaints of a period (the caller picks them: filed in
 * the period), overall and per category, per clock and both together.
 */
export function slaCompliance(facts: readonly ComplaintFacts[]): SlaCompliance {
  const categories = [...new Set(facts.map((f) => f.state.category))].sort();
  return {
    overall: sharesOf(facts),
    byCategory: categories.map((category) => ({
      category,
      ...sharesOf(facts.filter((f) => f.state.category === category)),
    })),
  };
}

export interface Satisfaction {
  readonly responses: number;
  /** Mean rating 1..5, two decimals; null without responses. */
  readonly averageRating: number | null;
  /** Share of ratings 4 or 5, four decimals. */
  readonly satisfiedShare: number | null;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  /** Promoters (9-10) minus detractors (0-6), in percent of responses, one decimal. */
  readonly nps: number | null;
}

/** Satisfaction and NPS of rated complaints (M7.2-b). */
export function satisfactionOf(ratings: readonly { rating: number; nps: number }[]): Satisfaction {
  const n = ratings.length;
  const promoters = ratings.filter((r) => r.nps >= 9).length;
  const detractors = ratings.filter((r) => r.nps <= 6).length;
  const sum = ratings.reduce((t, r) => t + r.rating, 0);
  return {
    responses: n,
    averageRating: n ? Math.round((sum / n) * 100) / 100 : null,
    satisfiedShare: n
      ? Math.round((ratings.filter((r) => r.rating >= 4).length / n) * 10_000) / 10_000
      : null,
    promoters,
    passives: n - promoters - detractors,
    detractors,
    nps: n ? Math.round(((promoters - detractors) / n) * 1000) / 10 : null,
  };
}

const ratingsOf = (facts: readonly ComplaintFacts[]) =>
  facts.flatMap((f) => (f.state.rating ? [f.state.rating] : []));

/** Satisfaction and NPS overall, per category and per agent (who handled it). */
export function satisfactionBreakdown(facts: readonly ComplaintFacts[]) {
  const rated = facts.filter((f) => f.state.rating);
  const categories = [...new Set(rated.map((f) => f.state.category))].sort();
  const agents = [...new Set(rated.map((f) => f.state.handledBy ?? 'unassigned'))].sort();
  return {
    overall: satisfactionOf(ratingsOf(rated)),
    byCategory: categories.map((category) => ({
      category,
      ...satisfactionOf(ratingsOf(rated.filter((f) => f.state.category === category))),
    })),
    byAgent: agents.map((agent) => ({
      agent,
      ...satisfactionOf(
        ratingsOf(rated.filter((f) => (f.state.handledBy ?? 'unassigned') === agent)),
      ),
    })),
  };
}

export interface CauseTrend {
  readonly cause: string;
  readonly count: number;
  readonly previous: number;
  /** count - previous. */
  readonly change: number;
  readonly direction: 'UP' | 'DOWN' | 'FLAT';
}

export const UNCLASSIFIED = 'unclassified';

function causesOf(
  current: readonly ComplaintFacts[],
  previous: readonly ComplaintFacts[],
  top: number,
): CauseTrend[] {
  const count = (fs: readonly ComplaintFacts[]) => {
    const m = new Map<string, number>();
    for (const f of fs) {
      const c = f.state.cause ?? UNCLASSIFIED;
      m.set(c, (m.get(c) ?? 0) + 1);
    }
    return m;
  };
  const now = count(current);
  const before = count(previous);
  return [...now]
    .map(([cause, n]) => {
      const p = before.get(cause) ?? 0;
      return {
        cause,
        count: n,
        previous: p,
        change: n - p,
        direction: n > p ? ('UP' as const) : n < p ? ('DOWN' as const) : ('FLAT' as const),
      };
    })
    .sort((a, b) => b.count - a.count || b.change - a.change || a.cause.localeCompare(b.cause))
    .slice(0, top);
}

/**
 * Recurring problems (M7.4-a): the top causes per category and per product in a period,
 * each with its count in the period before (the trend).
 */
export function topCauses(
  current: readonly ComplaintFacts[],
  previous: readonly ComplaintFacts[],
  top: number,
) {
  const productOf = (f: ComplaintFacts) => f.state.related.productId;
  const categories = [...new Set(current.map((f) => f.state.category))].sort();
  const products = [
    ...new Set(current.map(productOf).filter((p): p is string => p !== undefined)),
  ].sort();
  return {
    overall: causesOf(current, previous, top),
    byCategory: categories.map((category) => ({
      category,
      complaints: current.filter((f) => f.state.category === category).length,
      previousComplaints: previous.filter((f) => f.state.category === category).length,
      causes: causesOf(
        current.filter((f) => f.state.category === category),
        previous.filter((f) => f.state.category === category),
        top,
      ),
    })),
    byProduct: products.map((productId) => ({
      productId,
      complaints: current.filter((f) => productOf(f) === productId).length,
      previousComplaints: previous.filter((f) => productOf(f) === productId).length,
      causes: causesOf(
        current.filter((f) => productOf(f) === productId),
        previous.filter((f) => productOf(f) === productId),
        top,
      ),
    })),
  };
}
