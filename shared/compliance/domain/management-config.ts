// Compliance management's configuration (M5.1-a, M5.4-a; docs/compliance-management.md):
// how far ahead a policy review is reminded, and after how many days past its deadline an
// unverified remediation item escalates to each level. Shipped here, validated at load
// (shared/settings.ts); a stage departs from it only through its own configuration.
import * as z from 'zod';

export const ComplianceManagementConfigSchema = z
  .object({
    /** A policy's review is reminded this many days before its review date (and again once overdue). */
    policyReviewReminderDays: z.number().int().min(1).max(365),
    /**
     * Days past a remediation item's deadline at which it escalates to level 1, 2, ...:
     * strictly increasing, the first at 1 or more (1: the day after the deadline).
     */
    escalationDays: z
      .array(z.number().int().min(1).max(3650))
      .min(1)
      .max(5)
      .refine((d) => d.every((x, i) => i === 0 || x > (d[i - 1] ?? -1)), {
        message: 'must be strictly increasing',
      }),
  })
  .strict();
export type ComplianceManagementConfig = z.infer<typeof ComplianceManagementConfigSchema>;

export const DEFAULT_COMPLIANCE_MANAGEMENT: ComplianceManagementConfig = {
  policyReviewReminderDays: 30,
  escalationDays: [1, 8, 31],
};
