// Key risk indicators (M3.3-a operational risk, M3.4-a legal and compliance risk; issue 13;
// docs/operational-risk.md). Each indicator is a figure for a period (a day, an ISO week, a
// calendar month) read from the platform's own records or entered by staff; a configured
// band turns it into a risk score from 0 (no concern) to 100 (at or past the band's top).
// Indicators are grouped as the manual groups them (operational: system security 40%,
// people 30%, process 20%, external events 10%; compliance: laws and regulations 40%,
// policy changes 30%, compliance capability 20%, disputes and penalties 10%); a group's
// weight is split among its indicators, and the two categories' weights make the overall
// score. Every weight is configuration validated at load: a set that does not sum to 100%
// is refused. Scores are kept in hundredths of a point, so the contributions shown add up
// to the score exactly. Pure: no AWS, no clock.
import * as z from 'zod';
import { STAFF_GROUPS } from '../../kernel';
import { SEVERITIES, type Severity } from './rules';

export const KRI_CATEGORIES = ['operational', 'compliance'] as const;
export type KriCategory = (typeof KRI_CATEGORIES)[number];
/** What a threshold is compared with: a category's score, or the overall score. */
export const KRI_SCOPES = [...KRI_CATEGORIES, 'overall'] as const;
export type KriScope = (typeof KRI_SCOPES)[number];

export const KRI_PERIODS = ['DAY', 'WEEK', 'MONTH'] as const;
export type KriPeriod = (typeof KRI_PERIODS)[number];

/**
 * Where an indicator's figure comes from. The platform's sources are read through the
 * risk module's adapters (shared/risk/adapters/kri-repo.ts); `staff` is a value a staff
 * member enters for the period, with who and why.
 */
export const KRI_SOURCES = [
  /** Failed customer sign-ins in the period (the LOGIN risk events the scorer recorded). */
  'failedSignIns',
  /** Incidents opened in the period by system-failure alarms (DLQ depth, function errors, ...). */
  'systemFailureIncidents',
  /** Incidents opened in the period by the reconciliation-breaks alarm. */
  'reconciliationBreakIncidents',
  /** Incidents open (not yet resolved) at the period's end. */
  'openIncidents',
  /** Staff retries of stuck settlements in the period. */
  'settlementRetries',
  /** Monitoring alerts open at the period's end. */
  'openAlerts',
  /** The age in hours of the oldest monitoring alert open at the period's end. */
  'oldestOpenAlertHours',
  'staff',
] as const;
export type KriSource = (typeof KRI_SOURCES)[number];
export type PlatformSource = Exclude<KriSource, 'staff'>;

/**
 * Sources that count events in the period: their figure is a rate per day (the count over
 * the period's days, up to now for the period under way), so one band serves days, weeks
 * and months. The others are states at the period's end (open incidents, open alerts).
 */
export const RATE_SOURCES: readonly PlatformSource[] = [
  'failedSignIns',
  'systemFailureIncidents',
  'reconciliationBreakIncidents',
  'settlementRetries',
];

/** The runbooks whose alarms count as system failures (docs/runbooks/). */
export const SYSTEM_FAILURE_RUNBOOKS = [
  'dlq-depth',
  'function-errors',
  'api-5xx',
  'lambda-throttles',
  'dynamodb-throttles',
  'kms-throttles',
  'queue-backlog',
  'api-latency',
] as const;

const Percent = z.number().min(0).max(100);
const IndicatorId = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]{2,47}$/)
  .meta({ description: 'An indicator id', example: 'failedSignIns' });
export { IndicatorId as KriIndicatorId };

const IndicatorSchema = z
  .object({
    id: IndicatorId,
    description: z.string().min(1).max(300),
    source: z.enum(KRI_SOURCES),
    /** What the figure counts, as shown beside it (`sign-ins`, `hours`, `%`). */
    unit: z.string().min(1).max(40),
    /** The indicator's share of its group's weight, in percent. */
    share: Percent,
    /**
     * The figure at or below `low` scores 0, at or above `high` scores 100, linearly
     * between: the range over which the figure goes from normal to a concern.
     */
    band: z.object({ low: z.number().min(0), high: z.number().positive() }).strict(),
  })
  .strict();
export type KriIndicator = z.infer<typeof IndicatorSchema>;

const GroupSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-zA-Z]{2,39}$/),
    /** The manual's name of the group (M3.3-a, M3.4-a). */
    name: z.string().min(1).max(80),
    /** The group's weight in its category, in percent. */
    weight: Percent,
    indicators: z.array(IndicatorSchema).min(1),
  })
  .strict();

const CategorySchema = z
  .object({
    /** The category's weight in the overall score, in percent. */
    weight: Percent,
    /**
     * The staff groups who may enter this category's values (segregation of duties: risk
     * officers the operational ones, compliance officers the compliance ones).
     */
    enteredBy: z.array(z.enum(STAFF_GROUPS)).min(1),
    groups: z.array(GroupSchema).min(1),
  })
  .strict();

const ThresholdSchema = z
  .object({
    level: z.string().regex(/^[A-Z]{2,12}$/),
    /** Reached when a score is at or above this. */
    score: z.number().gt(0).max(100),
    /** The severity of the monitoring alert it raises. */
    severity: z.enum(SEVERITIES),
  })
  .strict();

/** Percentages are compared in hundredths of a percent, so 33.33 + 33.33 + 33.34 is exact. */
function basisPoints(percent: number): number | undefined {
  const bp = Math.round(percent * 100);
  return Math.abs(bp - percent * 100) < 1e-6 ? bp : undefined;
}

/** Why a list of weights does not sum to exactly 100%, or undefined when it does. */
export function weightSumIssue(
  entries: readonly (readonly [string, number])[],
): string | undefined {
  const bps = entries.map(([, w]) => basisPoints(w));
  if (bps.some((b) => b === undefined)) return 'weights are percentages with at most two decimals';
  const total = bps.reduce<number>((s, b) => s + (b ?? 0), 0);
  if (total === 10_000) return undefined;
  const list = entries.map(([k, w]) => `${k} ${w}%`).join(', ');
  return `weights must sum to 100%, these sum to ${total / 100}% (${list})`;
}

export const KriConfigSchema = z
  .object({
    version: z.string().min(1).max(40),
    categories: z.object({ operational: CategorySchema, compliance: CategorySchema }).strict(),
    /** Levels in ascending order of score and severity; each raises one alert per period. */
    thresholds: z.array(ThresholdSchema).min(1).max(5),
    /** A change of less than this many points from the previous period is FLAT. */
    flatWithin: z.number().min(0).max(50),
    /** How many earlier periods the trend shows. */
    trendPeriods: z.number().int().min(1).max(24),
    /** How far back open monitoring alerts are looked for (days; alerts are kept by day). */
    alertLookbackDays: z.number().int().min(1).max(31),
    /**
     * A staff value with no entry for the period carries forward from the latest earlier
     * period entered, if that period ended at most this many days before this one starts.
     */
    carryForwardDays: z.number().int().min(0).max(366),
  })
  .strict()
  .superRefine((config, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    const cats = KRI_CATEGORIES.map((c) => [c, config.categories[c].weight] as const);
    const top = weightSumIssue(cats);
    if (top) issue(['categories'], `category ${top}`);
    const seen = new Set<string>();
    for (const c of KRI_CATEGORIES) {
      const groups = config.categories[c].groups;
      const g = weightSumIssue(groups.map((x) => [x.id, x.weight] as const));
      if (g) issue(['categories', c, 'groups'], `${c} group ${g}`);
      groups.forEach((group, gi) => {
        const s = weightSumIssue(group.indicators.map((i) => [i.id, i.share] as const));
        if (s) issue(['categories', c, 'groups', gi, 'indicators'], `${group.id} indicator ${s}`);
        group.indicators.forEach((ind, ii) => {
          const at = ['categories', c, 'groups', gi, 'indicators', ii];
          if (seen.has(ind.id)) issue([...at, 'id'], `indicator ${ind.id} appears twice`);
          seen.add(ind.id);
          if (ind.band.high <= ind.band.low)
            issue([...at, 'band'], `${ind.id}: band.high must be above band.low`);
        });
      });
    }
    config.thresholds.forEach((t, i) => {
      const prev = config.thresholds[i - 1];
      if (!prev) return;
      if (t.score <= prev.score)
        issue(['thresholds', i, 'score'], 'thresholds must ascend by score');
      if (SEVERITIES.indexOf(t.severity) < SEVERITIES.indexOf(prev.severity))
        issue(['thresholds', i, 'severity'], 'a higher threshold cannot have a lower severity');
      if (config.thresholds.findIndex((x) => x.level === t.level) !== i)
        issue(['thresholds', i, 'level'], `level ${t.level} appears twice`);
    });
  });
export type KriConfig = z.infer<typeof KriConfigSchema>;

export class KriConfigError extends Error {
  override readonly name = 'KriConfigError';
  constructor(readonly issues: readonly { path: string; message: string }[]) {
    super(
      `key risk indicator configuration refused: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
}

/** Validates a configuration; throws with every issue. */
export function loadKriConfig(input: unknown): KriConfig {
  const result = KriConfigSchema.safeParse(input);
  if (!result.success)
    throw new KriConfigError(
      result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  return result.data;
}

/** Every indicator with its category and group. */
export function indicatorsOf(
  config: KriConfig,
): { category: KriCategory; group: string; indicator: KriIndicator }[] {
  return KRI_CATEGORIES.flatMap((category) =>
    config.categories[category].groups.flatMap((g) =>
      g.indicators.map((indicator) => ({ category, group: g.id, indicator })),
    ),
  );
}

/** The configuration as staff read it: each indicator with its category's and group's weights. */
export function describeIndicators(config: KriConfig) {
  return {
    configVersion: config.version,
    thresholds: config.thresholds,
    indicators: KRI_CATEGORIES.flatMap((category) =>
      config.categories[category].groups.flatMap((g) =>
        g.indicators.map((i) => ({
          id: i.id,
          category,
          categoryWeight: config.categories[category].weight,
          group: g.id,
          groupWeight: g.weight,
          description: i.description,
          source: i.source,
          unit: i.unit,
          share: i.share,
          band: i.band,
        })),
      ),
    ),
  };
}

export function indicatorById(
  config: KriConfig,
  id: string,
): { category: KriCategory; group: string; indicator: KriIndicator } | undefined {
  return indicatorsOf(config).find((i) => i.indicator.id === id);
}

// ---------------------------------------------------------------------------------------
// Periods: UTC days, ISO weeks (Monday to Sunday, `2026-W48`), calendar months (`2026-11`).

const DAY_MS = 86_400_000;
const PERIOD_KEY: Record<KriPeriod, RegExp> = {
  DAY: /^(\d{4})-(\d{2})-(\d{2})$/,
  WEEK: /^(\d{4})-W(\d{2})$/,
  MONTH: /^(\d{4})-(\d{2})$/,
};

/** Monday 00:00 UTC of ISO week 1 of `year` (the week with the year's first Thursday). */
function isoWeekOne(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
}

/** The key of the period of `kind` that contains the instant `at`. */
export function periodKeyOf(kind: KriPeriod, at: Date): string {
  const iso = at.toISOString();
  if (kind === 'DAY') return iso.slice(0, 10);
  if (kind === 'MONTH') return iso.slice(0, 7);
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const thursday = day + (3 - ((new Date(day).getUTCDay() + 6) % 7)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - isoWeekOne(year)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Whether `key` names a period of `kind` (a real date, an existing ISO week, a month). */
export function isPeriodKey(kind: KriPeriod, key: string): boolean {
  const m = PERIOD_KEY[kind].exec(key);
  if (!m) return false;
  try {
    return periodKeyOf(kind, new Date(periodBounds(kind, key).start)) === key;
  } catch {
    return false;
  }
}

/** The period's first instant and the next period's (exclusive), and its UTC days. */
export function periodBounds(
  kind: KriPeriod,
  key: string,
): { start: string; end: string; days: string[] } {
  const m = PERIOD_KEY[kind].exec(key);
  if (!m) throw new RangeError(`${key} is not a ${kind} period`);
  const year = Number(m[1]);
  const second = Number(m[2]);
  let start: number;
  let end: number;
  if (kind === 'DAY') {
    start = Date.UTC(year, second - 1, Number(m[3]));
    end = start + DAY_MS;
  } else if (kind === 'WEEK') {
    start = isoWeekOne(year) + (second - 1) * 7 * DAY_MS;
    end = start + 7 * DAY_MS;
  } else {
    start = Date.UTC(year, second - 1, 1);
    end = Date.UTC(year, second, 1);
  }
  if (!Number.isFinite(start)) throw new RangeError(`${key} is not a ${kind} period`);
  const days: string[] = [];
  for (let t = start; t < end; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString(), days };
}

/** The key of the period just before `key`. */
export function previousPeriodKey(kind: KriPeriod, key: string): string {
  return periodKeyOf(kind, new Date(Date.parse(periodBounds(kind, key).start) - 1));
}

// ---------------------------------------------------------------------------------------
// Scoring.

/** How an indicator's figure was obtained for the period. */
export type KriValueStatus = 'PLATFORM' | 'STAFF' | 'CARRIED' | 'MISSING';

/** A staff member's entry, as the score shows it. */
export interface KriInputRef {
  /** The period the value was entered for (an earlier one when CARRIED forward). */
  readonly key: string;
  readonly value: number;
  readonly by: string;
  readonly at: string;
  readonly reason: string;
}

export interface KriValue {
  readonly status: KriValueStatus;
  readonly value?: number;
  /** Where the figure came from, in words (`12 failed sign-ins in the risk events`). */
  readonly detail: string;
  readonly input?: KriInputRef;
}

export interface IndicatorScore {
  readonly id: string;
  readonly description: string;
  readonly source: KriSource;
  readonly unit: string;
  readonly status: KriValueStatus;
  readonly value?: number;
  readonly band: { readonly low: number; readonly high: number };
  /** The indicator's own score, 0..100. */
  readonly score: number;
  /** Its share of its group's weight, in percent. */
  readonly share: number;
  /** Its effective weight in its category: group weight x share, in percent. */
  readonly weight: number;
  /** Points it adds to its category's score (they add up to the category's score). */
  readonly contribution: number;
  readonly explanation: string;
  readonly input?: KriInputRef;
}

export interface GroupScore {
  readonly id: string;
  readonly name: string;
  readonly weight: number;
  /** The group's own score, 0..100 (its indicators' shares applied). */
  readonly score: number;
  readonly indicators: readonly IndicatorScore[];
}

export interface CategoryScore {
  readonly category: KriCategory;
  readonly weight: number;
  readonly score: number;
  readonly level: string;
  /** Points it adds to the overall score. */
  readonly contribution: number;
  readonly groups: readonly GroupScore[];
}

export interface KriScore {
  readonly configVersion: string;
  readonly overall: number;
  readonly level: string;
  readonly categories: readonly CategoryScore[];
  /** The share of the overall weight whose indicators had a figure (MISSING ones score 0). */
  readonly coverage: number;
}

/** Level below every threshold. */
export const NORMAL_LEVEL = 'GREEN';

/** Hundredths of a point, as integers, so sums are exact. */
const centi = (x: number) => Math.round(x * 100);
const fromCenti = (c: number) => c / 100;

/** An indicator's score from its figure and band: 0 at or below low, 100 at or above high. */
export function bandScore(value: number, band: { low: number; high: number }): number {
  if (value <= band.low) return 0;
  if (value >= band.high) return 100;
  return fromCenti(centi(((value - band.low) / (band.high - band.low)) * 100));
}

/** The highest threshold a score reaches, or GREEN. */
export function levelOf(config: Pick<KriConfig, 'thresholds'>, score: number): string {
  let level = NORMAL_LEVEL;
  for (const t of config.thresholds) if (score >= t.score) level = t.level;
  return level;
}

const fmt = (n: number) => String(fromCenti(centi(n)));

function explain(ind: KriIndicator, v: KriValue, score: number): string {
  if (v.status === 'MISSING' || v.value === undefined)
    return `${v.detail}: no figure for the period, scored 0 (coverage is reduced)`;
  const where = `${fmt(v.value)} ${ind.unit} (${v.detail})`;
  if (score === 0) return `${where}: at or below ${fmt(ind.band.low)}, scores 0`;
  if (score === 100) return `${where}: at or above ${fmt(ind.band.high)}, scores 100`;
  return `${where}: between ${fmt(ind.band.low)} and ${fmt(ind.band.high)}, scores ${fmt(score)}`;
}

/**
 * Scores a period from its indicators' figures. Contributions are computed in hundredths
 * of a point and the scores are their sums, so the breakdown adds up exactly.
 */
export function scoreKri(config: KriConfig, values: Readonly<Record<string, KriValue>>): KriScore {
  let overallC = 0;
  let coveredBp = 0;
  const categories = KRI_CATEGORIES.map((category): CategoryScore => {
    const cat = config.categories[category];
    let catC = 0;
    const groups = cat.groups.map((g): GroupScore => {
      let groupC = 0;
      const indicators = g.indicators.map((ind): IndicatorScore => {
        const v = values[ind.id] ?? { status: 'MISSING' as const, detail: 'not read' };
        const score = v.value === undefined ? 0 : bandScore(v.value, ind.band);
        if (v.value !== undefined) coveredBp += cat.weight * g.weight * ind.share;
        const weight = (g.weight * ind.share) / 100;
        const contribution = Math.round((centi(score) * weight) / 100);
        groupC += Math.round((centi(score) * ind.share) / 100);
        catC += contribution;
        return {
          id: ind.id,
          description: ind.description,
          source: ind.source,
          unit: ind.unit,
          status: v.status,
          ...(v.value !== undefined ? { value: v.value } : {}),
          band: ind.band,
          score,
          share: ind.share,
          weight,
          contribution: fromCenti(contribution),
          explanation: explain(ind, v, score),
          ...(v.input ? { input: v.input } : {}),
        };
      });
      return { id: g.id, name: g.name, weight: g.weight, score: fromCenti(groupC), indicators };
    });
    const contribution = Math.round((catC * cat.weight) / 100);
    overallC += contribution;
    const score = fromCenti(catC);
    return {
      category,
      weight: cat.weight,
      score,
      level: levelOf(config, score),
      contribution: fromCenti(contribution),
      groups,
    };
  });
  const overall = fromCenti(overallC);
  return {
    configVersion: config.version,
    overall,
    level: levelOf(config, overall),
    categories,
    coverage: Math.round(coveredBp / 100) / 100,
  };
}

/** A scope's score in a scored period. */
export function scopeScore(score: Pick<KriScore, 'overall' | 'categories'>, scope: KriScope) {
  return scope === 'overall'
    ? score.overall
    : (score.categories.find((c) => c.category === scope)?.score ?? 0);
}

// ---------------------------------------------------------------------------------------
// Trend and thresholds.

export type TrendDirection = 'UP' | 'DOWN' | 'FLAT';

export interface KriTrend {
  /** The period compared with: the latest one scored among the trend's periods, if any. */
  readonly previous?: string;
  /** This period's score minus the previous one's, per scope (UP means more risk). */
  readonly change: Readonly<Record<KriScope, number>>;
  readonly direction: Readonly<Record<KriScope, TrendDirection>>;
  /** The earlier periods scored, newest first, with their scores. */
  readonly history: readonly ({ readonly key: string } & Readonly<Record<KriScope, number>>)[];
}

export type ScopeScores = Readonly<Record<KriScope, number>>;

export function scopeScores(score: Pick<KriScore, 'overall' | 'categories'>): ScopeScores {
  return {
    operational: scopeScore(score, 'operational'),
    compliance: scopeScore(score, 'compliance'),
    overall: score.overall,
  };
}

/** The trend against earlier periods (newest first). */
export function trendOf(
  config: Pick<KriConfig, 'flatWithin'>,
  now: ScopeScores,
  earlier: readonly ({ key: string } & ScopeScores)[],
): KriTrend {
  const prev = earlier[0];
  const change = {} as Record<KriScope, number>;
  const direction = {} as Record<KriScope, TrendDirection>;
  for (const s of KRI_SCOPES) {
    const delta = prev ? fromCenti(centi(now[s]) - centi(prev[s])) : 0;
    change[s] = delta;
    direction[s] = Math.abs(delta) <= config.flatWithin ? 'FLAT' : delta > 0 ? 'UP' : 'DOWN';
  }
  return {
    ...(prev ? { previous: prev.key } : {}),
    change,
    direction,
    history: earlier.map((e) => ({
      key: e.key,
      operational: e.operational,
      compliance: e.compliance,
      overall: e.overall,
    })),
  };
}

export interface KriBreach {
  readonly scope: KriScope;
  readonly level: string;
  readonly threshold: number;
  readonly severity: Severity;
  readonly score: number;
}

/**
 * The breach each scope is in: its highest threshold reached (one alert per period and
 * threshold; a scope that goes from AMBER to RED within a period raises RED too, once).
 */
export function breachesOf(
  config: Pick<KriConfig, 'thresholds'>,
  scores: ScopeScores,
): KriBreach[] {
  const out: KriBreach[] = [];
  for (const scope of KRI_SCOPES) {
    const score = scores[scope];
    const reached = config.thresholds.filter((t) => score >= t.score).at(-1);
    if (reached)
      out.push({
        scope,
        level: reached.level,
        threshold: reached.score,
        severity: reached.severity,
        score,
      });
  }
  return out;
}

/** The monitoring rule id a breach's alert carries: `kri-operational-red`. */
export const kriRuleId = (scope: KriScope, level: string) => `kri-${scope}-${level.toLowerCase()}`;

/** The customer id KRI alerts carry: they concern the platform, not a customer. */
export const PLATFORM_SUBJECT = 'platform';

/** The alert's explanation: each indicator's contribution to the breached scope. */
export function breachContributions(
  score: KriScore,
  scope: KriScope,
): { ruleId: string; score: number; reason: string }[] {
  const cats =
    scope === 'overall' ? score.categories : score.categories.filter((c) => c.category === scope);
  return cats.flatMap((c) =>
    c.groups.flatMap((g) =>
      g.indicators
        .filter((i) => i.contribution > 0)
        .map((i) => ({
          ruleId: `kri.${i.id}`,
          score: Math.round(
            scope === 'overall' ? (i.contribution * c.weight) / 100 : i.contribution,
          ),
          reason: `${c.category} / ${g.name}: ${i.explanation}`,
        })),
    ),
  );
}
