// One risk profile per customer (issue 13, M2.4-b): each part dated and explained, from the
// records the file reads (stubbed here; the HTTP tests read them from the emulator).
import { describe, expect, it } from 'vitest';
import { equalInstalments, type Loan } from '../../shared/credit';
import { riskProfile, type RiskProfileDeps } from '../../shared/insight/flows/risk-profile';
import { DEFAULT_LIMITS } from '../../shared/risk';
import type { RuntimeSettings } from '../../shared/settings';

const loan: Loan = {
  loanId: '11111111-1111-4111-8111-111111111111',
  customerId: 'c1',
  applicationId: 'a1',
  principalFen: 100_000,
  annualRatePct: 12,
  termMonths: 3,
  disbursedOn: '2026-01-10',
  disbursementId: 'm0',
  instalments: equalInstalments(100_000, 12, 3, '2026-01-10'),
  status: 'ACTIVE',
  version: 1,
};

const deps = (over: Partial<RiskProfileDeps> = {}): RiskProfileDeps => ({
  ledger: { usage: async () => ({ withdrawal: 2_500_000 }) },
  loans: { ofCustomer: async () => [loan] },
  risk: {
    openAlertsOf: async () => [],
    openHoldsOfCustomer: async () => [],
    staffSettingsOf: async () => ({ snoozes: { customer: {}, counterparty: {} }, version: 0 }),
  },
  market: { latestResult: async () => undefined },
  settings: { exposureLimits: DEFAULT_LIMITS } as RuntimeSettings,
  clock: { now: () => new Date('2026-03-01T02:00:00Z') },
  ...over,
});

describe('one risk profile per customer (issue 13)', () => {
  it('M2.4-b M3.1-b the loan 19 days overdue (M1), an expired assessment, a frozen status and the busiest limit, each explained', async () => {
    const p = await riskProfile(
      'c1',
      {
        status: 'FROZEN',
        statusChange: { to: 'FROZEN', at: '2026-02-20T00:00:00Z', reason: 'court order 17' },
        assessment: {
          level: 3,
          assessedAt: '2025-01-01T00:00:00Z',
          expiresAt: '2026-01-01T00:00:00Z',
        },
        applications: [],
      },
      deps(),
    );
    expect(p.suitability).toEqual({
      asOf: '2025-01-01T00:00:00Z',
      level: null,
      explanation:
        'The C3 assessment of 2025-01-01 expired on 2026-01-01: no order is accepted until it is renewed.',
    });
    expect(p.credit.loans[0]).toMatchObject({ overdueDays: 19, delinquency: 'M1' });
    expect(p.credit.explanation).toBe(
      '1 loan open, ¥1,000.00 of principal outstanding; 19 days overdue (M1).',
    );
    expect(p.monitoring.explanation).toBe(
      'Frozen since 2026-02-20: court order 17. No open alerts. Nothing held.',
    );
    const w = p.exposure.flows.find((f) => f.flow === 'withdrawal')!;
    expect(w.remainingToday).toBe(Math.max(0, w.daily - 2_500_000));
    expect(p.exposure.explanation).toMatch(/^Most used today: withdrawal, \d+% of its daily limit/);
  });

  it('M2.4-b a new customer: nothing assessed, no loans, nothing used', async () => {
    const p = await riskProfile(
      'c2',
      { status: 'ACTIVE', applications: [] },
      deps({ loans: { ofCustomer: async () => [] }, ledger: { usage: async () => ({}) } }),
    );
    expect(p.suitability.level).toBeNull();
    expect(p.credit).toMatchObject({ latestScore: null, loans: [], outstandingPrincipalFen: 0 });
    expect(p.credit.explanation).toBe('No loans with the platform.');
    expect(p.exposure.explanation).toBe('Nothing used of any daily limit today.');
    expect(p.marketRisk).toMatchObject({ status: 'NOT_COMPUTED', headline: null });
  });
});
