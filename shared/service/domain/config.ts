// The customer-service configuration (M7.4-a, M7.2-b): the SLA budgets, how clocks count,
// when a warning is due, and the breach alert's severity. Validated at load (shared/settings.ts);
// a stage departs from the shipped values through its settings.
import * as z from 'zod';

const Minute = z
  .number()
  .int()
  .min(0)
  .max(24 * 60);

export const ServiceConfigSchema = z
  .object({
    sla: z
      .object({
        /** M7.4-a: a first response within 24 hours. */
        firstResponseHours: z
          .number()
          .positive()
          .max(24 * 30),
        /** M7.4-a: the result fed back within 48 hours. */
        resultHours: z
          .number()
          .positive()
          .max(24 * 60),
        /** CALENDAR: every hour counts (7x24, M2.4-a); BUSINESS: business hours on business days. */
        mode: z.enum(['CALENDAR', 'BUSINESS']),
        /** Business hours in China Standard Time, minutes after midnight: [start, end). */
        businessDayStartMinute: Minute,
        businessDayEndMinute: Minute,
        /** The share of a budget elapsed at which the warning is raised (once per clock). */
        warnAtShare: z.number().gt(0).lt(1),
      })
      .strict()
      .refine((s) => s.businessDayStartMinute < s.businessDayEndMinute, {
        message: 'business hours end before they start',
        path: ['businessDayEndMinute'],
      })
      .refine((s) => s.firstResponseHours <= s.resultHours, {
        message: 'the first response cannot be due after the result',
        path: ['firstResponseHours'],
      }),
    /** The monitoring alert a breached clock raises. */
    breachSeverity: z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']),
    /** How many top causes the analytics list per category and per product. */
    topCauses: z.number().int().min(1).max(50),
  })
  .strict();
export type ServiceConfig = z.infer<typeof ServiceConfigSchema>;

/** As shipped: 24 h / 48 h on the calendar (the service is 7x24), warning at 75%. */
export const DEFAULT_SERVICE: ServiceConfig = {
  sla: {
    firstResponseHours: 24,
    resultHours: 48,
    mode: 'CALENDAR',
    businessDayStartMinute: 9 * 60,
    businessDayEndMinute: 18 * 60,
    warnAtShare: 0.75,
  },
  breachSeverity: 'HIGH',
  topCauses: 5,
};
