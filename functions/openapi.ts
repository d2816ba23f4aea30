// The OpenAPI document of a stage, derived from the route table.
import { openApiDocument as fromRoutes } from '../shared/platform/http';
import { problemsOf, routesForStage, type SchemaSettings } from './routes';

/** The settings a documented schema is built with (the prod password policy). */
const DOCUMENTED_SETTINGS: SchemaSettings = { passwordMinLength: 10 };

/** The document's groups of operations, in the order a reader meets them. */
const TAGS = [
  { name: 'Meta', description: 'The API document itself' },
  {
    name: 'Onboarding',
    description: 'Registration with real-name checks, consents and SMS verification',
  },
  { name: 'Auth', description: 'Customer sign-in, refresh and sign-out' },
  {
    name: 'Staff',
    description:
      'Staff sign-in on their own pool (password, then an authenticator code, always) and the audited administration of staff accounts',
  },
  { name: 'Customers', description: "A customer's profile, and staff views of customers" },
  { name: 'Money', description: 'Deposits, withdrawals and transfers on the double-entry ledger' },
  {
    name: 'Suitability',
    description: 'Risk assessment, recommendations, orders, redemptions and holdings',
  },
  {
    name: 'Products',
    description: 'The product catalogue, and its management with four-eyes approval',
  },
  {
    name: 'Credit',
    description:
      'Consumer-loan applications decided by the scorecard with their reasons, and the credit officers’ referral queue (M3.1-a, M8.2-a)',
  },
  { name: 'Operations', description: 'Staff: the settlement log, retries and reconciliation' },
  { name: 'Risk', description: 'Staff: real-time monitoring alerts and their reasons (M4.1-a)' },
  {
    name: 'Market risk',
    description:
      'Staff: price series, VaR and expected shortfall per portfolio and for the whole book, product market-risk levels (M3.2)',
  },
  {
    name: 'Incidents',
    description:
      'Staff: incidents opened by alarms or by hand, worked to closing with a post-mortem (M4.4-a, M6.4-a)',
  },
  {
    name: 'Data rights',
    description:
      "The customer's data rights (M2.5-d, M7.1-a/b, PIPL): consents per purpose, the export of their own data, erasure by destroying their own key",
  },
  {
    name: 'Key risk indicators',
    description:
      'Staff: operational and compliance risk scores per period from platform records and staff inputs, with trend and alerts (M3.3-a, M3.4-a)',
  },
  {
    name: 'KPIs',
    description:
      "Staff: every flow's key performance indicators from the platform's own records, each defined once with its owner and formula (M8.1-a, M8.3-a)",
  },
  {
    name: 'Compliance management',
    description:
      'Staff: versioned policies with review reminders, training by role with overdue lists, independent audits with findings and reports, and the remediation ledger verified by someone other than its owner (M5.1-a .. M5.4-a)',
  },
  {
    name: 'Customer service',
    description:
      'Complaints and enquiries with their 24 h / 48 h SLA clocks, the agents’ queue and actions, satisfaction, NPS and complaint analytics (M7.4-a, M7.2-a/b, M2.4-a)',
  },
  {
    name: 'Regulatory reports',
    description:
      'Staff: large-value and suspicious-transaction reports as files (JSON, CSV) with their hashes and submissions; STRs filed from monitoring cases (M1-c)',
  },
  {
    name: 'Data-security audit',
    description:
      "Staff: who read which customer's data each day, and the unusual access flagged (M7.1-a, M2.5-c)",
  },
  {
    name: 'AML screening',
    description:
      'Staff: watch lists loaded from files, as versions; names and ID numbers screened against them (M1-c)',
  },
  { name: 'Local', description: 'The local runtime only: the SMS outbox' },
] as const;

export function openApiDocument(opts: { stage: string; serverUrl?: string }) {
  const routes = routesForStage(opts.stage);
  const used = new Set(routes.map((r) => r.tag));
  return fromRoutes(
    routes.map((r) => ({
      ...r,
      signedIn: r.auth.kind !== 'public',
      description: [
        r.auth.kind === 'public'
          ? `No sign-in: ${r.auth.reason}.`
          : r.auth.kind === 'customer'
            ? 'A signed-in customer, for their own data.'
            : `Staff only, in one of the groups ${r.auth.groups.join(', ')} (others get 403 at the gateway).`,
        ...(r.idempotencyKey === true
          ? [
              'Takes an Idempotency-Key: a retry with the same key answers as the first request did.',
            ]
          : []),
        ...(r.idempotencyKey === 'optional'
          ? [
              'May take an Idempotency-Key: a retry with the same key and body answers as the first request did.',
            ]
          : []),
      ].join(' '),
      body: typeof r.body === 'function' ? r.body(DOCUMENTED_SETTINGS) : r.body,
      problems: problemsOf(r),
    })),
    { ...opts, tags: TAGS.filter((t) => used.has(t.name)) },
  );
}
