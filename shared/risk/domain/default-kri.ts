// The shipped key risk indicator configuration (docs/operational-risk.md explains every
// figure). Group weights are the manual's own: operational risk (M3.3-a, §3.3.3: system
// security 40%, people management 30%, process management 20%, other (external events) 10%)
// and legal and compliance risk (M3.4-a, §3.4.2/3.4.3: laws and regulations 40%, regulatory
// policy 30%, compliance management 20%, other 10%, which we give to the fourth indicator
// the manual lists, disputes and penalties). The manual gives no split between the two
// categories: we weigh them equally. Indicator shares and bands are ours.
import type { KriConfig } from './kri';

export const DEFAULT_KRI: KriConfig = {
  version: '2026-11-29',
  categories: {
    operational: {
      weight: 50,
      enteredBy: ['risk-officer', 'admin'],
      groups: [
        {
          id: 'systemSecurity',
          name: 'System security',
          weight: 40,
          indicators: [
            {
              id: 'failedSignIns',
              description: 'Failed customer sign-ins a day (credential stuffing, account takeover)',
              source: 'failedSignIns',
              unit: 'failed sign-ins a day',
              share: 40,
              band: { low: 50, high: 1000 },
            },
            {
              id: 'systemFailureIncidents',
              description:
                'Incidents a day opened by system-failure alarms (dead-letter queues, function errors, 5xx, throttling, backlog, latency)',
              source: 'systemFailureIncidents',
              unit: 'incidents a day',
              share: 30,
              band: { low: 0, high: 3 },
            },
            {
              id: 'openIncidents',
              description: 'Incidents not yet resolved at the end of the period',
              source: 'openIncidents',
              unit: 'incidents',
              share: 30,
              band: { low: 0, high: 5 },
            },
          ],
        },
        {
          id: 'people',
          name: 'People',
          weight: 30,
          indicators: [
            {
              id: 'staffErrors',
              description: 'Staff errors and internal-fraud cases found in the period',
              source: 'staff',
              unit: 'cases',
              share: 50,
              band: { low: 0, high: 5 },
            },
            {
              id: 'trainingOverdue',
              description: 'Share of staff whose mandatory risk and compliance training is overdue',
              source: 'staff',
              unit: '%',
              share: 50,
              band: { low: 5, high: 30 },
            },
          ],
        },
        {
          id: 'process',
          name: 'Process',
          weight: 20,
          indicators: [
            {
              id: 'reconciliationBreakIncidents',
              description: 'Incidents a day opened by the reconciliation-breaks alarm',
              source: 'reconciliationBreakIncidents',
              unit: 'incidents a day',
              share: 50,
              band: { low: 0, high: 1 },
            },
            {
              id: 'settlementRetries',
              description: 'Stuck settlements retried by staff, a day',
              source: 'settlementRetries',
              unit: 'retries a day',
              share: 50,
              band: { low: 2, high: 20 },
            },
          ],
        },
        {
          id: 'externalEvents',
          name: 'External events',
          weight: 10,
          indicators: [
            {
              id: 'externalEvents',
              description:
                'External events that affected operations in the period (provider outages, disasters, attacks on partners)',
              source: 'staff',
              unit: 'events',
              share: 100,
              band: { low: 0, high: 3 },
            },
          ],
        },
      ],
    },
    compliance: {
      weight: 50,
      enteredBy: ['compliance-officer', 'admin'],
      groups: [
        {
          id: 'lawsAndRegulations',
          name: 'Laws and regulations',
          weight: 40,
          indicators: [
            {
              id: 'lawChangesUnassessed',
              description: 'New or amended laws and regulations not yet assessed for their impact',
              source: 'staff',
              unit: 'changes',
              share: 100,
              band: { low: 0, high: 3 },
            },
          ],
        },
        {
          id: 'policyChanges',
          name: 'Regulatory policy changes',
          weight: 30,
          indicators: [
            {
              id: 'policyChangesOpen',
              description: 'Regulatory policy changes not yet implemented in the platform',
              source: 'staff',
              unit: 'changes',
              share: 100,
              band: { low: 0, high: 3 },
            },
          ],
        },
        {
          id: 'complianceCapability',
          name: 'Compliance capability',
          weight: 20,
          indicators: [
            {
              id: 'openAlerts',
              description: 'Monitoring alerts (AML, fraud) still open at the end of the period',
              source: 'openAlerts',
              unit: 'alerts',
              share: 40,
              band: { low: 20, high: 200 },
            },
            {
              id: 'oldestOpenAlertHours',
              description: 'Age of the oldest monitoring alert still open at the end of the period',
              source: 'oldestOpenAlertHours',
              unit: 'hours',
              share: 30,
              band: { low: 24, high: 168 },
            },
            {
              id: 'complianceStaffGap',
              description: 'Share of planned compliance positions unfilled',
              source: 'staff',
              unit: '%',
              share: 30,
              band: { low: 0, high: 30 },
            },
          ],
        },
        {
          id: 'disputesAndPenalties',
          name: 'Disputes and penalties',
          weight: 10,
          indicators: [
            {
              id: 'disputesAndPenalties',
              description: 'Legal disputes opened and regulatory penalties received in the period',
              source: 'staff',
              unit: 'cases',
              share: 100,
              band: { low: 0, high: 2 },
            },
          ],
        },
      ],
    },
  },
  thresholds: [
    { level: 'AMBER', score: 40, severity: 'MEDIUM' },
    { level: 'RED', score: 70, severity: 'HIGH' },
  ],
  flatWithin: 1,
  trendPeriods: 6,
  alertLookbackDays: 31,
  carryForwardDays: 31,
};
