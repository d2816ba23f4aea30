// Isolation by tier (M4.3-a; docs/adr/0021-keys-per-tier-and-key-policies.md). Core business
// (the ledger: accounts, movements, orders, products, settlement), auxiliary services
// (customer profiles and onboarding, recommendations, notifications) and operations (risk
// monitoring, incidents, compliance, the audit trail) each have their own tables, queues and
// encryption key, and their functions their own roles. A function reaches another tier's
// data only through a grant listed here with its reason; a test on the synthesized
// templates holds the roles, the key policies and this list equal.
import type { FunctionName, QueueName, TableAccess, TableName, TopicName } from './catalog';

export type Tier = 'core' | 'auxiliary' | 'operations';
export const TIERS: readonly Tier[] = ['core', 'auxiliary', 'operations'];

export const TABLE_TIER: Record<TableName, Tier> = {
  ledger: 'core',
  products: 'core',
  provider: 'core',
  customers: 'auxiliary',
  outbox: 'auxiliary',
  risk: 'operations',
  compliance: 'operations',
  service: 'auxiliary',
  customerKeys: 'auxiliary',
  audit: 'operations',
};

/**
 * Queues and topics by tier. The failure queues (stream failures, the asynchronous
 * invocations' dead letters) belong to operations: on-call reads them, and every function
 * may record its own failures there.
 */
export const QUEUE_TIER: Record<QueueName | 'failures', Tier> = {
  settlement: 'core',
  notifications: 'auxiliary',
  riskEvents: 'operations',
  marketRisk: 'operations',
  rescreening: 'operations',
  failures: 'operations',
};
export const TOPIC_TIER: Record<TopicName, Tier> = { riskAlerts: 'operations' };

export const FUNCTION_TIER: Record<FunctionName, Tier> = {
  // Core: money, orders, products, settlement.
  deposit: 'core',
  withdrawal: 'core',
  transfer: 'core',
  account: 'core',
  settler: 'core',
  settlementRelease: 'core',
  ledgerStream: 'core',
  order: 'core',
  holdings: 'core',
  productManagement: 'core',
  productCatalog: 'core',
  opsSettlements: 'core',
  opsRetry: 'core',
  opsReconcile: 'core',
  creditApplications: 'core',
  opsCredit: 'core',
  loans: 'core',
  loanCollections: 'core',
  // Auxiliary: onboarding and sign-in, profiles, recommendations, notifications, documents.
  legalDocuments: 'auxiliary',
  register: 'auxiliary',
  verifyRegistration: 'auxiliary',
  resendCode: 'auxiliary',
  login: 'auxiliary',
  staffSignIn: 'auxiliary',
  customerProfile: 'auxiliary',
  customerDataRights: 'auxiliary',
  riskAssessment: 'auxiliary',
  recommendations: 'auxiliary',
  notifier: 'auxiliary',
  openapi: 'auxiliary',
  localOutbox: 'auxiliary',
  complaints: 'auxiliary',
  opsComplaints: 'auxiliary',
  // Operations: risk, incidents, compliance, staff administration, analytics.
  riskScorer: 'operations',
  opsAlerts: 'operations',
  opsRuleSets: 'operations',
  opsHolds: 'operations',
  opsCustomerProfile: 'operations',
  opsCustomerStatus: 'operations',
  opsIncidents: 'operations',
  incidentIntake: 'operations',
  opsSwitches: 'operations',
  opsStaff: 'operations',
  opsSegments: 'operations',
  opsKri: 'operations',
  opsKpis: 'operations',
  opsComplianceReports: 'operations',
  opsDataAudit: 'operations',
  opsMarketRisk: 'operations',
  opsScreening: 'operations',
  rescreener: 'operations',
  marketRiskWorker: 'operations',
  opsComplianceManagement: 'operations',
};

export type TierResource = `table:${TableName}` | `queue:${QueueName}`;

export interface CrossTierGrant {
  readonly fn: FunctionName;
  readonly resource: TierResource;
  /** A table's access level (as in the catalog), or `send` for a queue. */
  readonly access: TableAccess | 'send';
  readonly reason: string;
}

const ACTIVE_CHECK =
  'a ConditionCheck that the customer is ACTIVE inside the money transaction (a durable freeze stops money at once); it reads nothing back';
const RISK_EVENT =
  'monitoring sees every movement, sign-in and registration as it happens (M4.1-a): an event to the risk queue, nothing read back';
const LIMITS =
  "the customer's exposure limits and open holds decide the movement (M4.1-a): read only";

/** Every grant across tiers, with why the design allows it. */
export const CROSS_TIER_GRANTS: readonly CrossTierGrant[] = [
  // core -> auxiliary, operations
  { fn: 'deposit', resource: 'table:customers', access: 'check', reason: ACTIVE_CHECK },
  { fn: 'settler', resource: 'table:customers', access: 'check', reason: ACTIVE_CHECK },
  { fn: 'withdrawal', resource: 'table:customers', access: 'check', reason: ACTIVE_CHECK },
  { fn: 'loans', resource: 'table:customers', access: 'check', reason: ACTIVE_CHECK },
  { fn: 'withdrawal', resource: 'table:risk', access: 'read', reason: LIMITS },
  { fn: 'withdrawal', resource: 'queue:riskEvents', access: 'send', reason: RISK_EVENT },
  {
    fn: 'transfer',
    resource: 'table:customers',
    access: 'read',
    reason:
      "the recipient is found by the blind index of a phone and must be ACTIVE; the sender's status is checked in the transaction",
  },
  { fn: 'transfer', resource: 'table:risk', access: 'read', reason: LIMITS },
  { fn: 'transfer', resource: 'queue:riskEvents', access: 'send', reason: RISK_EVENT },
  {
    fn: 'order',
    resource: 'table:customers',
    access: 'read',
    reason:
      "suitability: the customer's assessed risk tolerance against the product's rating (M2.2-a), and ACTIVE",
  },
  { fn: 'order', resource: 'table:risk', access: 'read', reason: LIMITS },
  { fn: 'order', resource: 'queue:riskEvents', access: 'send', reason: RISK_EVENT },
  { fn: 'settlementRelease', resource: 'queue:riskEvents', access: 'send', reason: RISK_EVENT },
  { fn: 'ledgerStream', resource: 'queue:riskEvents', access: 'send', reason: RISK_EVENT },
  {
    fn: 'opsSettlements',
    resource: 'table:customers',
    access: 'read',
    reason: 'the settlement log names the customer of each movement for finance staff (masked)',
  },
  {
    fn: 'creditApplications',
    resource: 'table:customers',
    access: 'read',
    reason:
      'the applicant must be ACTIVE, and how long they have been a customer is a behaviour signal (M3.1-b)',
  },
  {
    fn: 'opsRetry',
    resource: 'table:risk',
    access: 'kriCount',
    reason:
      'each staff retry of a stuck settlement is counted for the key risk indicators (M3.3-a, process): one ADD on a KRI#COUNT# day counter, nothing read',
  },
  // auxiliary -> core, operations
  {
    fn: 'verifyRegistration',
    resource: 'table:ledger',
    access: 'write',
    reason: "a verified customer's cash account is opened in the same step (M2.1-a), empty",
  },
  { fn: 'verifyRegistration', resource: 'queue:riskEvents', access: 'send', reason: RISK_EVENT },
  {
    fn: 'verifyRegistration',
    resource: 'table:compliance',
    access: 'keepFingerprint',
    reason:
      "a verified customer's AML screening fingerprint is kept for good (its expiry removed) in the activation transaction, so a registration never verified leaves none (ADR 0031): an UpdateItem on FPRINT# only, nothing read",
  },
  {
    fn: 'register',
    resource: 'table:compliance',
    access: 'readWrite',
    reason:
      'AML screening at registration (M1-c, ADR 0031): the watch lists in force are read, and the result is kept with its list versions and masked hits; the name and ID number are screened in memory and never written there',
  },
  { fn: 'login', resource: 'queue:riskEvents', access: 'send', reason: RISK_EVENT },
  {
    fn: 'recommendations',
    resource: 'table:products',
    access: 'read',
    reason: 'recommendations are drawn from the approved product catalog (M2.2-b)',
  },
  {
    fn: 'recommendations',
    resource: 'table:ledger',
    access: 'read',
    reason: "the customer's own holdings, so a product already held is not recommended again",
  },
  {
    fn: 'notifier',
    resource: 'table:risk',
    access: 'quota',
    reason:
      'the SMS spend limits are counters beside the other abuse counters (QUOTA# only, UpdateItem; ADR 0021)',
  },
  {
    fn: 'notifier',
    resource: 'table:audit',
    access: 'append',
    reason: 'every decryption of a phone number for an SMS is audited (M2.5-b), append-only',
  },
  {
    fn: 'complaints',
    resource: 'table:ledger',
    access: 'read',
    reason:
      "a complaint names the customer's own movement, order or loan (M7.4-a): each is read to check it is theirs, nothing written",
  },
  {
    fn: 'complaints',
    resource: 'table:products',
    access: 'read',
    reason: 'a complaint or enquiry about a product names one of the catalogue: read only',
  },
  {
    fn: 'opsComplaints',
    resource: 'table:risk',
    access: 'raiseAlert',
    reason:
      "a complaint's breached SLA clock raises a monitoring alert (M7.4-a, M4.1-a: no second alert system), once, in one transaction with the complaint's mark: a Put of one ALERTS# item, nothing read",
  },
  {
    fn: 'customerDataRights',
    resource: 'table:ledger',
    access: 'read',
    reason:
      "the customer's export holds their accounts, movements, holdings, credit applications and loans; an erasure is refused while money or loans are outstanding (M7.1-a/b): read only",
  },
  {
    fn: 'customerDataRights',
    resource: 'table:audit',
    access: 'append',
    reason:
      "the customer's own PII decrypted for their export, and every erasure, are audited (M2.5-d), append-only",
  },
  {
    fn: 'customerDataRights',
    resource: 'table:compliance',
    access: 'forgetFingerprint',
    reason:
      "an erasure deletes the customer's AML screening fingerprint (keyed hashes of their name and ID number, ADR 0031) in its transaction: a DeleteItem on FPRINT# only, nothing read",
  },
  // operations -> core, auxiliary
  {
    fn: 'opsComplianceReports',
    resource: 'table:ledger',
    access: 'read',
    reason:
      "the large-value report is built from the day's movements in the settlement log (M1-c): read only",
  },
  {
    fn: 'riskScorer',
    resource: 'table:ledger',
    access: 'update',
    reason:
      "a movement's risk screen (hold or release) is written on the movement (ADR 0012): UpdateItem only",
  },
  {
    fn: 'opsAlerts',
    resource: 'table:customers',
    access: 'read',
    reason: "risk staff see the alerted customer's profile (masked) beside the alert",
  },
  {
    fn: 'opsHolds',
    resource: 'table:ledger',
    access: 'readWrite',
    reason: 'a risk officer releases or rejects a held movement: the ledger commits or reverses it',
  },
  {
    fn: 'opsHolds',
    resource: 'table:customers',
    access: 'read',
    reason: "risk staff see the held movement's customer (masked)",
  },
  {
    fn: 'opsScreening',
    resource: 'table:ledger',
    access: 'readWrite',
    reason:
      "a compliance officer's decision on an AML screening hit releases or rejects the movements screening held (ADR 0031): the ledger commits or reverses each, as for a risk officer's hold decision",
  },
  {
    fn: 'opsCustomerProfile',
    resource: 'table:customers',
    access: 'read',
    reason: "a staff member reads a customer's file, each read audited (M7.1-a)",
  },
  {
    fn: 'opsCustomerProfile',
    resource: 'table:ledger',
    access: 'read',
    reason: "the customer file shows the customer's accounts and movements",
  },
  {
    fn: 'opsCustomerStatus',
    resource: 'table:customers',
    access: 'readWrite',
    reason: 'freezing or unfreezing a customer (M6.4-a) is a status on the customer item',
  },
  {
    fn: 'opsCustomerStatus',
    resource: 'table:ledger',
    access: 'waiting',
    reason: 'an unfreeze resumes the settlements that waited for it (WAIT#UNFREEZE# only)',
  },
  {
    fn: 'opsCustomerStatus',
    resource: 'queue:settlement',
    access: 'send',
    reason: 'an unfreeze sends the settlements that waited for it',
  },
  {
    fn: 'opsSwitches',
    resource: 'table:ledger',
    access: 'switch',
    reason:
      'the settlement kill switch lives with the ledger it guards (SWITCH# and WAIT#RESUME# only; ADR 0018)',
  },
  {
    fn: 'opsSwitches',
    resource: 'table:customers',
    access: 'switch',
    reason: 'the registrations kill switch lives with the registrations it guards (SWITCH# only)',
  },
  {
    fn: 'opsSwitches',
    resource: 'table:products',
    access: 'switch',
    reason: 'the sales kill switches live with the products they guard (SWITCH# only)',
  },
  {
    fn: 'opsSwitches',
    resource: 'queue:settlement',
    access: 'send',
    reason: 'resuming settlement sends the movements that waited',
  },
  {
    fn: 'opsSegments',
    resource: 'table:customers',
    access: 'readWriteScan',
    reason:
      "customer segmentation (M8.1-a) finds every profile (a Scan), reads them and writes each customer's segment",
  },
  {
    fn: 'opsSegments',
    resource: 'table:ledger',
    access: 'read',
    reason: 'segments and KPIs are computed from balances and movements',
  },
  {
    fn: 'opsKpis',
    resource: 'table:customers',
    access: 'read',
    reason:
      'KPIs (M8.3-a): the registration log (ids and times, no PII) and the segmentation runs, by Query',
  },
  {
    fn: 'opsKpis',
    resource: 'table:service',
    access: 'read',
    reason:
      'KPIs (M8.3-a, M7.2-b, M7.4-a): the complaints filed in the period (their SLA clocks and ratings), by Query per day',
  },
  {
    fn: 'opsKpis',
    resource: 'table:ledger',
    access: 'read',
    reason:
      "KPIs (M8.3-a): the credit decision log and each day's settlement log (times and statuses), by Query",
  },
  ...(['opsMarketRisk', 'marketRiskWorker'] as const).flatMap((fn) => [
    {
      fn,
      resource: 'table:ledger' as const,
      access: 'scan' as const,
      reason:
        "market risk (M3.2-a) prices each customer's holdings (HOLD# items, read only): the nightly run scans for the portfolios, the worker values each (and the whole book)",
    },
    {
      fn,
      resource: 'table:products' as const,
      access: 'read' as const,
      reason:
        "a holding's product type decides the price series it maps onto (ADR 0026); the product market-risk levels list the catalogue: read only",
    },
  ]),
];
