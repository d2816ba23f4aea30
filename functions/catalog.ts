// The functions of the platform and what each may touch. The CDK API stack turns every
// `access` entry into one grant (and one environment variable); the local gateway reads
// the same entries. Adding a capability to a function is one line here, visible in review.

import type { SealedField } from '../shared/identity';

export type TableName =
  | 'customers'
  | 'audit'
  | 'outbox'
  | 'ledger'
  | 'provider'
  | 'products'
  | 'risk'
  | 'compliance'
  | 'service'
  | 'customerKeys';
/**
 * `scan`: `read`, and Scan: a job that must find items across the table (the market-risk
 * run finds the customers with holdings; a read of one customer's items is a Query).
 * `readWriteScan`: `readWrite`, and Scan (the segmentation run reads every customer and
 * writes its counts).
 * `update`: UpdateItem only (the risk scorer's screen on a movement; ADR 0012).
 * `check`: ConditionCheckItem only (a condition on another module's item in a transaction).
 * `append`: an append-only audit trail (put records, move chain heads; ADR 0016).
 * `switch`: kill-switch items only (`SWITCH#`), and settlements waiting for one (ADR 0018).
 * `waiting`: the settlements waiting for an unfreeze only (`WAIT#UNFREEZE#`: read, forget).
 * `quota`: abuse-control counters only (`QUOTA#`: UpdateItem, the SMS spend limit's ADD).
 * `ruleSwitch`: rule kill switches only (`SWITCH#`: the switches and their index), and
 * reading which rule set versions run (`RULESETS`), to refuse a rule that does not.
 * `kriCount`: key risk indicator counters only (`KRI#COUNT#`: UpdateItem, an ADD per occurrence).
 * `raiseAlert`: monitoring alerts only (`ALERTS#`: PutItem of a new alert, nothing read), for
 * modules that raise an alert in their own transaction (a complaint's breached SLA clock).
 * `forgetFingerprint`: AML screening fingerprints only (`FPRINT#`: DeleteItem, nothing read),
 * for the customer's erasure (ADR 0031).
 * `keepFingerprint`: the same items, UpdateItem only: activation removes the expiry a
 * registration's fingerprint was written with (ADR 0031).
 * `rescreen`: what re-screening reads and writes (ADR 0031): watch lists (`WL#`: read),
 * fingerprints (`FPRINT#`: Query), screening results (`SCREEN#`: read, put).
 * `screeningResults`: customers' screening results only (`SCREEN#`: GetItem, BatchGetItem).
 */
export type TableAccess =
  | 'read'
  | 'write'
  | 'readWrite'
  | 'scan'
  | 'readWriteScan'
  | 'update'
  | 'check'
  | 'append'
  | 'switch'
  | 'waiting'
  | 'quota'
  | 'ruleSwitch'
  | 'kriCount'
  | 'raiseAlert'
  | 'forgetFingerprint'
  | 'keepFingerprint'
  | 'rescreen'
  | 'screeningResults';
export type KeyName = 'pii' | 'blindIndex' | 'screening';
/** encrypt = kms:GenerateDataKey, decrypt = kms:Decrypt, mac = kms:GenerateMac */
export type KeyAccess = 'encrypt' | 'decrypt' | 'encryptDecrypt' | 'mac';
export type QueueName =
  'notifications' | 'settlement' | 'riskEvents' | 'marketRisk' | 'rescreening';
export type QueueAccess = 'send' | 'consume';
export type TopicName = 'riskAlerts';
export type UserPoolAction =
  | 'AdminCreateUser'
  | 'AdminSetUserPassword'
  | 'AdminDisableUser'
  | 'AdminEnableUser'
  | 'AdminDeleteUser'
  | 'AdminAddUserToGroup';
/** What the audited staff administration flow does on the staff pool (nothing else may). */
export type StaffPoolAction =
  | 'AdminCreateUser'
  | 'AdminGetUser'
  | 'AdminListGroupsForUser'
  | 'AdminAddUserToGroup'
  | 'AdminRemoveUserFromGroup'
  | 'AdminDisableUser'
  | 'AdminEnableUser'
  | 'AdminUserGlobalSignOut';

/** Tables that exist only in some stages; a grant on one is skipped where it is absent. */
export const STAGE_SCOPED_TABLES: Partial<Record<TableName, readonly string[]>> = {
  outbox: ['local'],
  // The payment simulator's records: stages whose config says paymentProvider 'simulator'.
  provider: ['local', 'dev'],
};

export interface FunctionAccess {
  readonly tables?: Partial<Record<TableName, TableAccess>>;
  readonly keys?: Partial<Record<KeyName, KeyAccess>>;
  /**
   * With the PII key: the fields this function may seal or open. Each field is sealed under
   * a data key bound to {customer, field}, and the key policy allows the function's role
   * only these fields (CloudTrail names the customer and field of every request).
   */
  readonly piiFields?: readonly SealedField[];
  readonly queues?: Partial<Record<QueueName, QueueAccess>>;
  /** sns:Publish to the platform's own topics. */
  readonly topics?: Partial<Record<TopicName, 'publish'>>;
  /** Rights on the customers' user pool. */
  readonly userPool?: readonly UserPoolAction[];
  /** The function needs the app client id (public Cognito calls: SignUp, InitiateAuth). */
  readonly userPoolClient?: boolean;
  /** Rights on the staff user pool: only the audited staff administration flow has any. */
  readonly staffPool?: readonly StaffPoolAction[];
  /** The function needs the staff app client id (staff sign-in and its MFA challenges). */
  readonly staffPoolClient?: boolean;
  /** sns:Publish straight to phone numbers (SMS). */
  readonly sms?: boolean;
}

export interface FunctionSpec {
  /** Module path from the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly access: FunctionAccess;
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
  /** Stages the function exists in; every stage by default. */
  readonly stages?: readonly string[];
  /** Subscribed to an SNS topic of the platform: `alarms`, every alarm's notification. */
  readonly subscribes?: 'alarms';
  /**
   * The function prices portfolios: it gets the stage's market-risk settings
   * (MARKET_RISK_SETTINGS; only these functions, for Lambda's 4 KB of environment; ADR 0026).
   */
  readonly marketRiskSettings?: true;
  /** Runs on a schedule (EventBridge rate expression) as well as on demand. */
  readonly scheduleMinutes?: number;
  /** An SQS consumer: the queue it polls and its event-source settings. */
  readonly consumes?: {
    readonly queue: QueueName;
    readonly batchSize: number;
    readonly maxBatchingWindowSeconds: number;
  };
  /**
   * A change-stream consumer of a table: new items whose partition key starts with
   * `keyPrefix`, and updates of such items that set `modifiedTo`'s attribute to its value
   * (the filter runs in Lambda's event-source mapping, so other changes cost no
   * invocation). Failures are retried, bisected, then recorded in the stream-failures queue.
   */
  readonly streams?: {
    readonly table: 'ledger';
    readonly keyPrefix: string;
    readonly modifiedTo?: Readonly<Record<string, string>>;
    readonly batchSize: number;
    readonly maxBatchingWindowSeconds: number;
    readonly retryAttempts: number;
  };
}

export const FUNCTIONS = {
  legalDocuments: {
    entry: 'functions/onboarding/legal-documents.ts',
    description: 'Current User Agreement and Risk Disclosure',
    access: {},
  },
  register: {
    entry: 'functions/onboarding/register.ts',
    description:
      "Registers a customer: validates, screens the name and ID number against the watch lists, encrypts PII under the customer's own key, sends the SMS code",
    access: {
      // customerKeys: the new customer's own key is created with the registration (ADR 0030).
      // compliance: the watch lists read to screen the name and ID number, and the result
      // kept (masked hits, list versions; ADR 0031).
      tables: { customers: 'readWrite', customerKeys: 'write', compliance: 'readWrite' },
      keys: { pii: 'encrypt', blindIndex: 'mac', screening: 'mac' },
      piiFields: ['name', 'phone', 'idNumber', 'bankCard', 'otp'],
      queues: { notifications: 'send' },
      userPool: ['AdminCreateUser', 'AdminSetUserPassword', 'AdminDisableUser', 'AdminDeleteUser'],
    },
  },
  verifyRegistration: {
    entry: 'functions/onboarding/verify.ts',
    description: 'Checks the SMS code (and face check) and activates the customer',
    access: {
      tables: { customers: 'readWrite', ledger: 'write', compliance: 'keepFingerprint' },
      keys: { blindIndex: 'mac' },
      queues: { riskEvents: 'send' },
      userPool: ['AdminAddUserToGroup', 'AdminEnableUser'],
    },
  },
  resendCode: {
    entry: 'functions/onboarding/resend-code.ts',
    description: 'Sends a fresh SMS code for a pending registration',
    access: {
      tables: { customers: 'readWrite' },
      keys: { pii: 'encrypt' },
      piiFields: ['otp'],
      queues: { notifications: 'send' },
    },
  },
  login: {
    entry: 'functions/auth/login.ts',
    description: 'Customer sign-in (phone and password), refresh and sign-out through Cognito',
    access: {
      tables: { customers: 'read' },
      keys: { blindIndex: 'mac' },
      queues: { riskEvents: 'send' },
      userPoolClient: true,
    },
  },
  staffSignIn: {
    entry: 'functions/auth/staff.ts',
    description:
      "Staff sign-in on the staff pool: password, then the authenticator's code (enrolment on first sign-in)",
    access: { staffPoolClient: true },
  },
  opsStaff: {
    entry: 'functions/ops/staff.ts',
    description:
      'Admin: creates staff accounts and sets their groups and status, each change audited first; the only function with rights on the staff pool',
    access: {
      tables: { audit: 'append' },
      staffPool: [
        'AdminCreateUser',
        'AdminGetUser',
        'AdminListGroupsForUser',
        'AdminAddUserToGroup',
        'AdminRemoveUserFromGroup',
        'AdminDisableUser',
        'AdminEnableUser',
        'AdminUserGlobalSignOut',
      ],
    },
  },
  incidentIntake: {
    entry: 'functions/ops/incident-intake.ts',
    description:
      'Subscribed to the alarm topic: an alarm opens an incident (or joins its open one), classified by its runbook',
    access: { tables: { risk: 'readWrite' } },
    subscribes: 'alarms',
  },
  opsIncidents: {
    entry: 'functions/ops/incidents.ts',
    description: 'Staff: incidents, their timeline, targets and post-mortems',
    access: { tables: { risk: 'readWrite' } },
  },
  opsSwitches: {
    entry: 'functions/ops/switches.ts',
    description:
      'Staff: kill switches (settlement, registrations, sales, one monitoring rule), each change audited first; restarting settlement sends what waited',
    access: {
      tables: {
        ledger: 'switch',
        customers: 'switch',
        products: 'switch',
        risk: 'ruleSwitch',
        audit: 'append',
      },
      queues: { settlement: 'send' },
    },
  },
  opsCustomerStatus: {
    entry: 'functions/ops/customer-status.ts',
    description:
      'Staff: freeze and unfreeze a customer (money stops at once, in every money transaction), each change kept; unfreezing sends the settlements that waited',
    access: {
      tables: { customers: 'readWrite', ledger: 'waiting' },
      queues: { settlement: 'send' },
    },
  },
  customerProfile: {
    entry: 'functions/customers/profile.ts',
    description: "The signed-in customer's own profile, PII masked (no decryption)",
    access: { tables: { customers: 'read' } },
  },
  customerDataRights: {
    entry: 'functions/customers/data-rights.ts',
    description:
      "The customer's data rights (M2.5-d, M7.1-a/b, PIPL): consents per purpose, the export of their own data (their PII decrypted for them, audited), erasure by destroying their own key",
    access: {
      tables: {
        customers: 'readWrite',
        customerKeys: 'readWrite',
        ledger: 'read',
        audit: 'append',
        compliance: 'forgetFingerprint',
      },
      keys: { pii: 'decrypt' },
      // The export shows the customer their own identity: every PII field, never the SMS code.
      piiFields: ['name', 'phone', 'idNumber', 'bankCard'],
      userPool: ['AdminDeleteUser'],
    },
  },
  openapi: {
    entry: 'functions/docs/openapi.ts',
    description: 'The OpenAPI 3.1 document',
    access: {},
  },
  notifier: {
    entry: 'functions/notifications/notifier.ts',
    description:
      'Sends queued SMS codes within the SMS spend limit (counted in the risk table), decrypting the phone (audited)',
    access: {
      tables: {
        customers: 'read',
        customerKeys: 'read',
        audit: 'append',
        outbox: 'write',
        risk: 'quota',
      },
      keys: { pii: 'decrypt' },
      // An SMS needs the phone and the code: never the name, ID or card number.
      piiFields: ['phone', 'otp'],
      queues: { notifications: 'consume' },
      sms: true,
    },
    consumes: { queue: 'notifications', batchSize: 10, maxBatchingWindowSeconds: 0 },
  },
  deposit: {
    entry: 'functions/money/deposit.ts',
    description: 'Tops up the cash account from the verified bank card',
    access: { tables: { ledger: 'readWrite', provider: 'readWrite', customers: 'check' } },
  },
  withdrawal: {
    entry: 'functions/money/withdrawal.ts',
    description:
      'Holds funds for a payout to the verified bank card (after the risk pre-check: blocking rules)',
    access: {
      tables: { ledger: 'readWrite', risk: 'read', customers: 'check' },
      queues: { riskEvents: 'send' },
    },
  },
  transfer: {
    entry: 'functions/money/transfer.ts',
    description:
      'Moves funds to another customer (identity-checked; after the risk pre-check: blocking rules)',
    access: {
      tables: { ledger: 'readWrite', customers: 'read', risk: 'read' },
      keys: { blindIndex: 'mac' },
      queues: { riskEvents: 'send' },
    },
  },
  account: {
    entry: 'functions/money/account.ts',
    description: "The signed-in customer's balance and journal lines",
    access: { tables: { ledger: 'read' } },
  },
  settler: {
    entry: 'functions/money/settler.ts',
    description:
      'Settles confirmed movements (SQS consumer): in transit -> final accounts, payouts',
    access: { tables: { ledger: 'readWrite', provider: 'readWrite', customers: 'check' } },
    consumes: { queue: 'settlement', batchSize: 10, maxBatchingWindowSeconds: 0 },
    timeoutSeconds: 30,
  },
  settlementRelease: {
    entry: 'functions/money/release.ts',
    description:
      'Enqueues movements whose settlement date has come, and any left behind; sends again the risk events of movements left unscreened (scheduled)',
    access: { tables: { ledger: 'read' }, queues: { settlement: 'send', riskEvents: 'send' } },
    // RELEASE_EVERY_MINUTES of shared/money: its resend windows count in runs of this period
    // (test/unit/settlement.test.ts checks they agree).
    scheduleMinutes: 15,
    timeoutSeconds: 60,
  },
  ledgerStream: {
    entry: 'functions/money/ledger-stream.ts',
    description:
      'Ledger change stream: a risk event for every new movement, the settlement message of every T+0 movement that became PENDING',
    access: { queues: { riskEvents: 'send', settlement: 'send' } },
    streams: {
      table: 'ledger',
      keyPrefix: 'MOVE#',
      modifiedTo: { status: 'PENDING' },
      batchSize: 100,
      maxBatchingWindowSeconds: 1,
      retryAttempts: 10,
    },
  },
  riskAssessment: {
    entry: 'functions/risk/assessments.ts',
    description: "The customer's risk-tolerance questionnaire, assessment and current level",
    access: { tables: { customers: 'readWrite' } },
  },
  riskScorer: {
    entry: 'functions/risk/scorer.ts',
    description:
      'Scores risk events against the live rule set (SQS consumer): decisions, counters, alerts to the risk team',
    access: {
      // compliance: customers' screening results, read to alert on a hit and to hold the
      // movements of a customer (or to a counterparty) with an open hit (ADR 0031).
      tables: { risk: 'readWrite', ledger: 'update', compliance: 'screeningResults' },
      queues: { riskEvents: 'consume' },
      topics: { riskAlerts: 'publish' },
    },
    consumes: { queue: 'riskEvents', batchSize: 10, maxBatchingWindowSeconds: 0 },
    timeoutSeconds: 30,
  },
  opsAlerts: {
    entry: 'functions/ops/alerts.ts',
    description:
      "Staff: risk alerts by day, status, severity and rule, with their reasons (customers masked); assign, comment, escalate, close with a disposition; cases; rule precision; snoozes; customers' exposure limits",
    // audit: a staff member's read of one alert with its customer (masked) is recorded (M7.1-a).
    access: { tables: { risk: 'readWrite', customers: 'read', audit: 'append' } },
  },
  opsRuleSets: {
    entry: 'functions/ops/rule-sets.ts',
    description:
      'Staff: rule set versions of risk monitoring: add one, replay it against past events, run it in shadow, promote or retire it, and its shadow report beside the live version',
    access: { tables: { risk: 'readWrite' } },
  },
  opsHolds: {
    entry: 'functions/ops/holds.ts',
    description:
      'Staff: movements held by risk screening; release one (it settles) or reject it (its money goes back)',
    access: { tables: { risk: 'readWrite', ledger: 'readWrite', customers: 'read' } },
  },
  order: {
    entry: 'functions/orders/orders.ts',
    description:
      'Suitability-checked orders and redemptions (cash debited, holding opened; orders after the risk pre-check)',
    access: {
      tables: { ledger: 'readWrite', customers: 'read', products: 'read', risk: 'read' },
      queues: { riskEvents: 'send' },
    },
  },
  holdings: {
    entry: 'functions/orders/holdings.ts',
    description: "The signed-in customer's holdings, one position per order",
    access: { tables: { ledger: 'read' } },
  },
  recommendations: {
    entry: 'functions/products/recommendations.ts',
    description: 'Suitable products ranked for the customer, each with its reasons',
    access: { tables: { products: 'read', customers: 'read', ledger: 'read' } },
  },
  productManagement: {
    entry: 'functions/products/manage.ts',
    description: 'Staff: products, their risk rating and four-eyes approval, with audit trail',
    access: { tables: { products: 'readWrite' } },
  },
  productCatalog: {
    entry: 'functions/products/catalog.ts',
    description: 'Sellable products with rating, expected return and terms',
    access: { tables: { products: 'read' } },
  },
  opsCustomerProfile: {
    entry: 'functions/ops/customer-profile.ts',
    description:
      "Staff: a customer's file (masked), assessment, recomputed profile and one risk profile (credit and loans, alerts and holds, exposure against limits); every read audited",
    access: { tables: { customers: 'read', ledger: 'read', risk: 'read', audit: 'append' } },
  },
  opsSegments: {
    entry: 'functions/ops/segments.ts',
    description:
      'Customer segment counts (daily, and on demand), from every profile; retention actions staff record (audited)',
    // Every customer's profile is found by a Scan (at scale, an export to S3 instead).
    access: { tables: { customers: 'readWriteScan', ledger: 'read', audit: 'append' } },
    scheduleMinutes: 1440,
    timeoutSeconds: 300,
  },
  opsKri: {
    entry: 'functions/ops/kri.ts',
    description:
      'Key risk indicators (M3.3-a, M3.4-a): scores each day, week and month from platform records and staff inputs (daily, and on demand), raises monitoring alerts at thresholds; staff inputs audited',
    access: {
      tables: { risk: 'readWrite', audit: 'append' },
      topics: { riskAlerts: 'publish' },
    },
    scheduleMinutes: 1440,
    timeoutSeconds: 300,
  },
  opsComplianceManagement: {
    entry: 'functions/ops/compliance-management.ts',
    description:
      'Compliance management (M5.1-a .. M5.4-a): policies, training, audits and the remediation ledger, every change audited; daily, policy review reminders and remediation escalations to the monitoring alert topic',
    access: {
      tables: { compliance: 'readWrite', audit: 'append' },
      topics: { riskAlerts: 'publish' },
    },
    scheduleMinutes: 1440,
    timeoutSeconds: 300,
  },
  opsComplianceReports: {
    entry: 'functions/ops/compliance-reports.ts',
    description:
      "Regulatory reports (M1-c): yesterday's large-value report from the ledger (daily, on demand; a rerun gives the same files); files read (JSON, CSV), submissions, STRs filed from monitoring cases; changes and reads audited",
    // The day's movements are read from the settlement log (a Query per settlement date and
    // shard); a case, its alerts and holds from the risk table.
    access: {
      tables: { compliance: 'readWrite', ledger: 'read', risk: 'read', audit: 'append' },
    },
    scheduleMinutes: 1440,
    timeoutSeconds: 300,
  },
  opsDataAudit: {
    entry: 'functions/ops/data-audit.ts',
    description:
      "Data-security audit (M7.1-a, M2.5-c): each day's PII-access records (daily, on demand): who read which customer's data; a monitoring alert once per unusual access",
    // Reads the audit chains of the day (Query); writes its report and, with each flag, the
    // monitoring alert it raises (a new ALERTS# item, as the key risk indicators do).
    access: {
      tables: { audit: 'read', compliance: 'readWrite', risk: 'readWrite' },
      topics: { riskAlerts: 'publish' },
    },
    scheduleMinutes: 1440,
    timeoutSeconds: 300,
  },
  complaints: {
    entry: 'functions/service/complaints.ts',
    description:
      "Customers' complaints and enquiries (M7.4-a, M2.4-a): filed about their own movements, orders, loans or a product, followed, answered, rated",
    access: { tables: { service: 'readWrite', ledger: 'read', products: 'read' } },
  },
  opsComplaints: {
    entry: 'functions/service/ops-complaints.ts',
    description:
      'Service agents: the complaint queue by next SLA breach, actions, analytics; the SLA job (every 5 minutes): warnings, one monitoring alert per breached clock',
    access: {
      tables: { service: 'readWrite', risk: 'raiseAlert' },
      topics: { riskAlerts: 'publish' },
    },
    scheduleMinutes: 5,
    timeoutSeconds: 120,
  },
  opsSettlements: {
    entry: 'functions/ops/settlements.ts',
    description: 'Staff: the settlement log by date and status (customers masked)',
    access: { tables: { ledger: 'read', customers: 'read' } },
  },
  opsKpis: {
    entry: 'functions/ops/kpis.ts',
    description:
      "KPIs per flow (M8.3-a) from the platform's own records: registrations, credit decisions, the settlement log, alerts, incidents, complaints (on demand, and daily as CloudWatch metrics)",
    // Day-keyed logs and indexes read by Query; the settlement log of each day of the period.
    access: { tables: { customers: 'read', ledger: 'read', risk: 'read', service: 'read' } },
    scheduleMinutes: 1440,
    timeoutSeconds: 60,
  },
  opsRetry: {
    entry: 'functions/ops/retry.ts',
    description:
      'Staff: retries a stuck settlement (counted for the key risk indicators: settlement retries a day)',
    access: { tables: { ledger: 'readWrite', risk: 'kriCount' }, queues: { settlement: 'send' } },
  },
  opsReconcile: {
    entry: 'functions/ops/reconcile.ts',
    description:
      'Reconciles journal, balances, settlement log and provider records (daily, and on demand)',
    // Reconciliation reads every journal, balance and provider record: a Scan of each table.
    access: { tables: { ledger: 'scan', provider: 'scan' } },
    scheduleMinutes: 1440,
    timeoutSeconds: 300,
    memoryMb: 1024,
  },
  creditApplications: {
    entry: 'functions/credit/applications.ts',
    description:
      "Consumer-loan applications: decided in the request by the scorecard, from the applicant's answers and the platform's record of them, loans included (M3.1-a)",
    access: { tables: { ledger: 'readWrite', customers: 'read' } },
  },
  loans: {
    entry: 'functions/credit/loans.ts',
    description:
      "Borrowers' loans: an approved offer taken up is paid out through the ledger; repayments of what is due, or of the whole loan early (M1-a)",
    access: { tables: { ledger: 'readWrite', customers: 'check' } },
  },
  loanCollections: {
    entry: 'functions/credit/collections.ts',
    description:
      "Collects the instalments due from borrowers' cash (every 6 hours, and on demand); the loan book by delinquency for staff",
    access: { tables: { ledger: 'readWrite' } },
    scheduleMinutes: 360,
    timeoutSeconds: 300,
  },
  opsCredit: {
    entry: 'functions/credit/referrals.ts',
    description: "Credit officers' referral queue and decisions",
    access: { tables: { ledger: 'readWrite' } },
  },
  opsMarketRisk: {
    entry: 'functions/ops/market-risk.ts',
    description:
      "Staff: price series (upload, validation report), portfolios' market risk and the platform's, products' market-risk levels; the nightly run (one message per portfolio), also on demand",
    access: {
      tables: { risk: 'readWrite', ledger: 'scan', products: 'read' },
      queues: { marketRisk: 'send' },
    },
    marketRiskSettings: true,
    scheduleMinutes: 1440,
    timeoutSeconds: 120,
    memoryMb: 1024,
  },
  marketRiskWorker: {
    entry: 'functions/risk/market-risk-worker.ts',
    description:
      "Computes one portfolio's market risk (SQS consumer) and stores it with its inputs (series versions, dates, configuration version)",
    access: {
      tables: { risk: 'readWrite', ledger: 'scan', products: 'read' },
      queues: { marketRisk: 'consume' },
    },
    marketRiskSettings: true,
    consumes: { queue: 'marketRisk', batchSize: 5, maxBatchingWindowSeconds: 0 },
    timeoutSeconds: 60,
    memoryMb: 1024,
  },
  opsScreening: {
    entry: 'functions/ops/screening.ts',
    description:
      "AML screening (M1-c): watch-list versions (each row validated, a bad file refused whole, audited); customers' screening results; compliance officers clear or confirm (four-eyes) a hit, releasing or rejecting the holds it placed",
    // risk, ledger: a decision on a hit releases or rejects the monitoring holds screening
    // placed (ADR 0012, ADR 0031), as opsHolds does for a risk officer. rescreening: a new
    // list version re-screens every customer (one message per fingerprint shard).
    access: {
      tables: { compliance: 'readWrite', audit: 'append', risk: 'readWrite', ledger: 'readWrite' },
      queues: { rescreening: 'send' },
    },
  },
  rescreener: {
    entry: 'functions/risk/rescreener.ts',
    description:
      "Re-screens one shard of customers against a watch list's new and changed entries (SQS consumer, ADR 0031): keyed fingerprints only, no name read; a hit is added to the customer's screening result and sent to monitoring",
    access: {
      tables: { compliance: 'rescreen' },
      // Its own HMAC key: not the blind-index key, from which every index's key derives.
      keys: { screening: 'mac' },
      // rescreening: a shard not done in one delivery goes on in a follow-up message.
      queues: { rescreening: 'send', riskEvents: 'send' },
    },
    consumes: { queue: 'rescreening', batchSize: 1, maxBatchingWindowSeconds: 0 },
    timeoutSeconds: 120,
    memoryMb: 1024,
  },
  localOutbox: {
    entry: 'functions/local/outbox.ts',
    description: 'Local stage only: SMS messages sent to a phone',
    access: { tables: { outbox: 'read' }, keys: { blindIndex: 'mac' } },
    stages: ['local'],
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTIONS;

export { ENV } from '../shared/platform';

export function functionsForStage(stage: string): [FunctionName, FunctionSpec][] {
  return (Object.entries(FUNCTIONS) as [FunctionName, FunctionSpec][]).filter(
    ([, spec]) => !spec.stages || spec.stages.includes(stage),
  );
}
