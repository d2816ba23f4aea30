// The periodic data-security audit (M7.1-a, M2.5-c data-use audit; docs/data-security-audit.md).
// Pure: from a CST day's records of PII access (decryptions by functions, staff reads of
// customer files), who read which customer's data and which fields; and the unusual access
// the configured thresholds flag: one staff member reading many distinct customers in a
// day, staff reading outside working hours (Asia/Shanghai), and a function or person
// reading a field it rarely reads (against its own recent days).
import * as z from 'zod';
import { cstDate } from '../../kernel';

export const DataAuditConfigSchema = z
  .object({
    /** A staff member reading more distinct customers than this in a day is flagged. */
    maxCustomersPerStaffDay: z.number().int().min(1),
    /** Working hours, CST, [start, end) in whole hours; weekends and holidays are outside. */
    workingHours: z
      .object({ start: z.number().int().min(0).max(23), end: z.number().int().min(1).max(24) })
      .strict()
      .refine((h) => h.start < h.end, { message: 'start must be before end' }),
    /** A field is rare for an actor when under this share of its reads in the baseline. */
    rareFieldShare: z.number().min(0).max(1),
    /** The baseline: the actor's reads over this many days before the day audited... */
    baselineDays: z.number().int().min(1).max(90),
    /** ...counted only where it has at least this many reads (a new actor has no habits yet). */
    minBaselineReads: z.number().int().min(1),
  })
  .strict();
export type DataAuditConfig = z.infer<typeof DataAuditConfigSchema>;

export const DEFAULT_DATA_AUDIT: DataAuditConfig = {
  maxCustomersPerStaffDay: 50,
  workingHours: { start: 8, end: 20 },
  rareFieldShare: 0.05,
  baselineDays: 30,
  minBaselineReads: 20,
};

/** A record of the audit trail as the audit reads it (PII_ACCESS or STAFF_READ). */
export interface AccessRecord {
  readonly type: 'PII_ACCESS' | 'STAFF_READ';
  /** The customer whose data was read. */
  readonly subject: string;
  /** A function's name (PII_ACCESS) or a staff member's username (STAFF_READ). */
  readonly actor: string;
  readonly fields: readonly string[];
  readonly purpose: string;
  readonly at: string;
}

export type ActorKind = 'STAFF' | 'FUNCTION';
export const actorKindOf = (r: Pick<AccessRecord, 'type'>): ActorKind =>
  r.type === 'STAFF_READ' ? 'STAFF' : 'FUNCTION';

/** What one actor read in the day. */
export interface ActorAccess {
  readonly actor: string;
  readonly kind: ActorKind;
  readonly reads: number;
  readonly customerCount: number;
  /** Who was read: customer references, each with the fields and times. */
  readonly customers: readonly {
    readonly customerRef: string;
    readonly fields: readonly string[];
    readonly times: readonly string[];
  }[];
  /** Reads per field (a read of several fields counts once for each). */
  readonly fieldCounts: Readonly<Record<string, number>>;
  readonly offHoursReads: number;
}

export const FLAG_RULES = ['MANY_CUSTOMERS', 'OFF_HOURS', 'RARE_FIELD'] as const;
export type FlagRule = (typeof FLAG_RULES)[number];

export interface AccessFlag {
  /** Stable: the rule, the actor and (for a rare field) the field; one alert per flag and day. */
  readonly flagId: string;
  readonly rule: FlagRule;
  readonly actor: string;
  readonly kind: ActorKind;
  readonly severity: 'MEDIUM' | 'HIGH';
  readonly figure: number;
  readonly threshold: number;
  readonly reason: string;
}

/** Per-actor field counts of earlier days (the stored daily reports), as the baseline. */
export type FieldBaseline = ReadonlyMap<string, { reads: number; fields: Record<string, number> }>;

/** Whether `at` falls outside working hours in CST (weekends and holidays are outside). */
export function outsideHours(
  at: string,
  hours: DataAuditConfig['workingHours'],
  isWorkingDay: (date: string) => boolean,
): boolean {
  const d = new Date(at);
  if (!isWorkingDay(cstDate(d))) return true;
  const hour = (d.getUTCHours() + 8) % 24;
  return hour < hours.start || hour >= hours.end;
}

export interface DataAccessSummary {
  readonly day: string;
  readonly records: number;
  readonly actors: readonly ActorAccess[];
  readonly flags: readonly AccessFlag[];
}

/** The day's access by actor and the flags, deterministic for the same records. */
export function auditDataAccess(
  day: string,
  records: readonly AccessRecord[],
  config: DataAuditConfig,
  baseline: FieldBaseline,
  isWorkingDay: (date: string) => boolean,
): DataAccessSummary {
  const byActor = new Map<string, AccessRecord[]>();
  for (const r of records) {
    const key = `${actorKindOf(r)}|${r.actor}`;
    byActor.set(key, [...(byActor.get(key) ?? []), r]);
  }
  const actors: ActorAccess[] = [];
  const flags: AccessFlag[] = [];
  for (const [key, rs] of [...byActor.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const kind = key.split('|')[0] as ActorKind;
    const actor = rs[0]!.actor;
    const sorted = [...rs].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const perCustomer = new Map<string, { fields: Set<string>; times: string[] }>();
    const fieldCounts: Record<string, number> = {};
    let offHours = 0;
    for (const r of sorted) {
      const c = perCustomer.get(r.subject) ?? { fields: new Set<string>(), times: [] };
      r.fields.forEach((f) => c.fields.add(f));
      c.times.push(r.at);
      perCustomer.set(r.subject, c);
      for (const f of new Set(r.fields)) fieldCounts[f] = (fieldCounts[f] ?? 0) + 1;
      if (kind === 'STAFF' && outsideHours(r.at, config.workingHours, isWorkingDay)) offHours++;
    }
    actors.push({
      actor,
      kind,
      reads: rs.length,
      customerCount: perCustomer.size,
      customers: [...perCustomer.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([customerRef, c]) => ({ customerRef, fields: [...c.fields].sort(), times: c.times })),
      fieldCounts: Object.fromEntries(
        Object.entries(fieldCounts).sort(([a], [b]) => (a < b ? -1 : 1)),
      ),
      offHoursReads: offHours,
    });
    if (kind === 'STAFF' && perCustomer.size > config.maxCustomersPerStaffDay)
      flags.push({
        flagId: `MANY_CUSTOMERS#${actor}`,
        rule: 'MANY_CUSTOMERS',
        actor,
        kind,
        severity: 'HIGH',
        figure: perCustomer.size,
        threshold: config.maxCustomersPerStaffDay,
        reason: `${actor} read the data of ${perCustomer.size} distinct customers on ${day} (more than ${config.maxCustomersPerStaffDay})`,
      });
    if (offHours > 0)
      flags.push({
        flagId: `OFF_HOURS#${actor}`,
        rule: 'OFF_HOURS',
        actor,
        kind,
        severity: 'MEDIUM',
        figure: offHours,
        threshold: 0,
        reason: `${actor} read customer data ${offHours} time${offHours === 1 ? '' : 's'} outside working hours (${config.workingHours.start}:00-${config.workingHours.end}:00 CST on working days) on ${day}`,
      });
    const base = baseline.get(key);
    if (base && base.reads >= config.minBaselineReads)
      for (const [field, n] of Object.entries(fieldCounts).sort(([a], [b]) => (a < b ? -1 : 1))) {
        const share = (base.fields[field] ?? 0) / base.reads;
        if (share < config.rareFieldShare)
          flags.push({
            flagId: `RARE_FIELD#${actor}#${field}`,
            rule: 'RARE_FIELD',
            actor,
            kind,
            severity: 'MEDIUM',
            figure: Math.round(share * 10_000) / 10_000,
            threshold: config.rareFieldShare,
            reason: `${actor} read ${field} ${n} time${n === 1 ? '' : 's'} on ${day}; it was in ${base.fields[field] ?? 0} of its ${base.reads} reads over the baseline (under ${config.rareFieldShare * 100}%)`,
          });
      }
  }
  return { day, records: records.length, actors, flags };
}

/** The baseline from earlier days' summaries: reads and field counts per actor, summed. */
export function baselineOf(
  days: readonly {
    actors: readonly Pick<ActorAccess, 'actor' | 'kind' | 'reads' | 'fieldCounts'>[];
  }[],
): FieldBaseline {
  const out = new Map<string, { reads: number; fields: Record<string, number> }>();
  for (const d of days)
    for (const a of d.actors) {
      const key = `${a.kind}|${a.actor}`;
      const b = out.get(key) ?? { reads: 0, fields: {} };
      b.reads += a.reads;
      for (const [f, n] of Object.entries(a.fieldCounts)) b.fields[f] = (b.fields[f] ?? 0) + n;
      out.set(key, b);
    }
  return out;
}

/** The monitoring rule id of a flag's alert. */
export const dataAccessRuleId = (rule: FlagRule) =>
  `data-access.${rule.toLowerCase().replace(/_/g, '-')}`;
