// Key risk indicators (issue 13; M3.3-a operational risk, M3.4-a legal and compliance risk):
// the configuration's weight checks (the manual's group weights accepted, a set that does
// not sum to 100% refused at load), periods (UTC days, ISO weeks, months), a period scored
// by hand from every indicator's figure (docs/operational-risk.md, "A worked example"),
// the trend, and which thresholds a score breaches.
import { describe, expect, it } from 'vitest';
import { DEFAULT_KRI, Kri } from '../../shared/risk';

const clone = <T>(x: T): T => structuredClone(x);

describe('KRI configuration (M3.3-a, M3.4-a)', () => {
  it('ships the manual group weights: operational 40/30/20/10, compliance 40/30/20/10', () => {
    const config = Kri.loadKriConfig(DEFAULT_KRI);
    const weights = (c: Kri.KriCategory) => config.categories[c].groups.map((g) => g.weight);
    expect(weights('operational')).toEqual([40, 30, 20, 10]);
    expect(config.categories.operational.groups.map((g) => g.id)).toEqual([
      'systemSecurity',
      'people',
      'process',
      'externalEvents',
    ]);
    expect(weights('compliance')).toEqual([40, 30, 20, 10]);
    expect(config.categories.compliance.groups.map((g) => g.id)).toEqual([
      'lawsAndRegulations',
      'policyChanges',
      'complianceCapability',
      'disputesAndPenalties',
    ]);
  });

  it('refuses at load a group weight set that does not sum to 100%', () => {
    const bad = clone(DEFAULT_KRI);
    bad.categories.operational.groups[3]!.weight = 20; // 40 + 30 + 20 + 20
    expect(() => Kri.loadKriConfig(bad)).toThrow(
      /operational group weights must sum to 100%, these sum to 110%/,
    );
  });

  it('refuses category weights, indicator shares and thresholds that do not hold together', () => {
    const bad = clone(DEFAULT_KRI);
    bad.categories.compliance.weight = 60;
    bad.categories.operational.groups[0]!.indicators[0]!.share = 41;
    bad.categories.compliance.groups[0]!.indicators[0]!.band = { low: 3, high: 3 };
    bad.thresholds = [
      { level: 'RED', score: 70, severity: 'HIGH' },
      { level: 'AMBER', score: 40, severity: 'MEDIUM' },
    ];
    const error = (() => {
      try {
        Kri.loadKriConfig(bad);
      } catch (e) {
        return e as Kri.KriConfigError;
      }
      throw new Error('accepted');
    })();
    const messages = error.issues.map((i) => i.message).join('\n');
    expect(messages).toMatch(/category weights must sum to 100%, these sum to 110%/);
    expect(messages).toMatch(
      /systemSecurity indicator weights must sum to 100%, these sum to 101%/,
    );
    expect(messages).toMatch(/lawChangesUnassessed: band.high must be above band.low/);
    expect(messages).toMatch(/thresholds must ascend by score/);
  });

  it('refuses an indicator id used twice', () => {
    const bad = clone(DEFAULT_KRI);
    bad.categories.compliance.groups[3]!.indicators[0]!.id = 'externalEvents';
    expect(() => Kri.loadKriConfig(bad)).toThrow(/indicator externalEvents appears twice/);
  });
});

describe('KRI periods', () => {
  it('names days, ISO weeks and months, with their bounds', () => {
    const sunday = new Date('2026-11-29T23:59:59.999Z');
    expect(Kri.periodKeyOf('DAY', sunday)).toBe('2026-11-29');
    expect(Kri.periodKeyOf('WEEK', sunday)).toBe('2026-W48');
    expect(Kri.periodKeyOf('MONTH', sunday)).toBe('2026-11');
    expect(Kri.periodBounds('WEEK', '2026-W48')).toMatchObject({
      start: '2026-11-23T00:00:00.000Z',
      end: '2026-11-30T00:00:00.000Z',
    });
    // 2026 starts on a Thursday: it has 53 ISO weeks, and 1 January 2027 is in the last.
    expect(Kri.periodKeyOf('WEEK', new Date('2027-01-01T12:00:00Z'))).toBe('2026-W53');
    expect(Kri.periodBounds('WEEK', '2026-W01').start).toBe('2025-12-29T00:00:00.000Z');
    expect(Kri.periodBounds('MONTH', '2026-02').days).toHaveLength(28);
    expect(Kri.previousPeriodKey('MONTH', '2026-01')).toBe('2025-12');
    expect(Kri.previousPeriodKey('WEEK', '2027-W01')).toBe('2026-W53');
    expect(Kri.previousPeriodKey('DAY', '2026-03-01')).toBe('2026-02-28');
  });

  it('refuses keys that name no period', () => {
    expect(Kri.isPeriodKey('DAY', '2026-02-30')).toBe(false);
    expect(Kri.isPeriodKey('WEEK', '2026-W54')).toBe(false);
    expect(Kri.isPeriodKey('WEEK', '2025-W53')).toBe(false); // 2025 has 52 weeks
    expect(Kri.isPeriodKey('MONTH', '2026-13')).toBe(false);
    expect(Kri.isPeriodKey('MONTH', '2026-11')).toBe(true);
  });
});

describe('KRI scores, worked by hand (docs/operational-risk.md)', () => {
  const platform = (value: number, detail = 'platform') =>
    ({ status: 'PLATFORM', value, detail }) as const;
  const staff = (value: number) =>
    ({
      status: 'STAFF',
      value,
      detail: 'entered by staff',
      input: {
        key: '2026-11-29',
        value,
        by: 'officer',
        at: '2026-11-29T09:00:00.000Z',
        reason: 'r',
      },
    }) as const;
  const values: Record<string, Kri.KriValue> = {
    failedSignIns: platform(525), // (525 - 50) / (1000 - 50) = 0.5 -> 50
    systemFailureIncidents: platform(0), // 0
    openIncidents: platform(1), // 1 / 5 -> 20
    staffErrors: staff(0), // 0
    trainingOverdue: staff(10), // (10 - 5) / 25 -> 20
    reconciliationBreakIncidents: platform(0), // 0
    settlementRetries: platform(11), // (11 - 2) / 18 -> 50
    externalEvents: staff(3), // at the top -> 100
    lawChangesUnassessed: staff(3), // 100
    policyChangesOpen: staff(1), // 1 / 3 -> 33.33
    openAlerts: platform(110), // (110 - 20) / 180 -> 50
    oldestOpenAlertHours: platform(96), // (96 - 24) / 144 -> 50
    // complianceStaffGap: not entered -> MISSING, scores 0
    disputesAndPenalties: staff(1), // 1 / 2 -> 50
  };
  const score = Kri.scoreKri(Kri.loadKriConfig(DEFAULT_KRI), values);
  const category = (c: Kri.KriCategory) => score.categories.find((x) => x.category === c)!;
  const indicator = (c: Kri.KriCategory, id: string) =>
    category(c)
      .groups.flatMap((g) => g.indicators)
      .find((i) => i.id === id)!;

  it('M3.3-a: operational 28.4 = 50 x 16% + 20 x 12% + 20 x 15% + 50 x 10% + 100 x 10%', () => {
    expect(indicator('operational', 'failedSignIns')).toMatchObject({
      score: 50,
      weight: 16, // system security 40% x share 40%
      contribution: 8,
    });
    expect(indicator('operational', 'openIncidents')).toMatchObject({
      score: 20,
      contribution: 2.4,
    });
    expect(indicator('operational', 'trainingOverdue')).toMatchObject({
      score: 20,
      contribution: 3,
    });
    expect(indicator('operational', 'settlementRetries')).toMatchObject({ contribution: 5 });
    expect(indicator('operational', 'externalEvents')).toMatchObject({
      score: 100,
      contribution: 10,
    });
    expect(category('operational')).toMatchObject({
      score: 28.4,
      level: 'GREEN',
      contribution: 14.2,
    });
    expect(category('operational').groups.map((g) => g.score)).toEqual([26, 10, 25, 100]);
  });

  it('M3.4-a: compliance 62 = 100 x 40% + 33.33 x 30% + 50 x 8% + 50 x 6% + 0 + 50 x 10%', () => {
    expect(indicator('compliance', 'policyChangesOpen')).toMatchObject({
      score: 33.33,
      contribution: 10, // 33.33 x 30% = 9.999, kept in hundredths: 10.00
    });
    expect(indicator('compliance', 'complianceStaffGap')).toMatchObject({
      status: 'MISSING',
      score: 0,
      contribution: 0,
    });
    expect(category('compliance')).toMatchObject({ score: 62, level: 'AMBER', contribution: 31 });
  });

  it('overall 45.2 = 28.4 x 50% + 62 x 50%; contributions add up; coverage 97%', () => {
    expect(score).toMatchObject({ overall: 45.2, level: 'AMBER', coverage: 97 });
    for (const c of score.categories) {
      const sum = c.groups
        .flatMap((g) => g.indicators)
        .reduce((s, i) => s + i.contribution * 100, 0);
      expect(Math.round(sum)).toBe(Math.round(c.score * 100));
    }
    expect(indicator('operational', 'failedSignIns').explanation).toBe(
      '525 failed sign-ins a day (platform): between 50 and 1000, scores 50',
    );
    expect(indicator('operational', 'trainingOverdue').input).toMatchObject({ by: 'officer' });
  });

  it('breaches the highest threshold reached per scope: compliance and overall AMBER', () => {
    const scopes = Kri.scopeScores(score);
    expect(Kri.breachesOf(DEFAULT_KRI, scopes)).toEqual([
      { scope: 'compliance', level: 'AMBER', threshold: 40, severity: 'MEDIUM', score: 62 },
      { scope: 'overall', level: 'AMBER', threshold: 40, severity: 'MEDIUM', score: 45.2 },
    ]);
    expect(Kri.breachesOf(DEFAULT_KRI, { operational: 70, compliance: 0, overall: 35 })).toEqual([
      { scope: 'operational', level: 'RED', threshold: 70, severity: 'HIGH', score: 70 },
    ]);
    expect(Kri.kriRuleId('operational', 'RED')).toBe('kri-operational-red');
    const contributions = Kri.breachContributions(score, 'compliance');
    expect(contributions[0]).toMatchObject({ ruleId: 'kri.lawChangesUnassessed', score: 40 });
  });

  it('trend: the change against the previous period, FLAT within the configured margin', () => {
    const trend = Kri.trendOf(DEFAULT_KRI, Kri.scopeScores(score), [
      { key: '2026-11-28', operational: 27.9, compliance: 50, overall: 38.95 },
      { key: '2026-11-27', operational: 20, compliance: 50, overall: 35 },
    ]);
    expect(trend.previous).toBe('2026-11-28');
    expect(trend.change).toEqual({ operational: 0.5, compliance: 12, overall: 6.25 });
    expect(trend.direction).toEqual({ operational: 'FLAT', compliance: 'UP', overall: 'UP' });
    expect(trend.history).toHaveLength(2);
    expect(Kri.trendOf(DEFAULT_KRI, Kri.scopeScores(score), []).direction.overall).toBe('FLAT');
  });

  it('bands: 0 at or below low, 100 at or above high, linear between', () => {
    expect(Kri.bandScore(50, { low: 50, high: 1000 })).toBe(0);
    expect(Kri.bandScore(2000, { low: 50, high: 1000 })).toBe(100);
    expect(Kri.bandScore(1, { low: 0, high: 3 })).toBe(33.33);
  });
});
