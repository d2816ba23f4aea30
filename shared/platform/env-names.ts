// Names of the environment variables the API stack sets on functions (one per resource).
/** Environment variable that carries a resource's name/ARN/URL into a function. */
export const ENV = {
  tables: {
    customers: 'CUSTOMERS_TABLE',
    audit: 'AUDIT_TABLE',
    outbox: 'OUTBOX_TABLE',
    ledger: 'LEDGER_TABLE',
    provider: 'PROVIDER_TABLE',
    products: 'PRODUCTS_TABLE',
    risk: 'RISK_TABLE',
    compliance: 'COMPLIANCE_TABLE',
    service: 'SERVICE_TABLE',
    customerKeys: 'CUSTOMER_KEYS_TABLE',
  },
  keys: {
    pii: 'PII_KEY_ARN',
    blindIndex: 'BLIND_INDEX_KEY_ARN',
    screening: 'SCREENING_KEY_ARN',
  },
  queues: {
    notifications: 'NOTIFICATIONS_QUEUE_URL',
    settlement: 'SETTLEMENT_QUEUE_URL',
    riskEvents: 'RISK_EVENTS_QUEUE_URL',
    marketRisk: 'MARKET_RISK_QUEUE_URL',
    rescreening: 'RESCREENING_QUEUE_URL',
  },
  topics: { riskAlerts: 'RISK_ALERTS_TOPIC_ARN' },
  userPoolId: 'USER_POOL_ID',
  userPoolClientId: 'USER_POOL_CLIENT_ID',
  staffPoolId: 'STAFF_USER_POOL_ID',
  staffPoolClientId: 'STAFF_USER_POOL_CLIENT_ID',
  settings: 'PLATFORM_SETTINGS',
  /** The market-risk settings, on the functions that price portfolios only (ADR 0026). */
  marketRiskSettings: 'MARKET_RISK_SETTINGS',
  /** The web app origins allowed to call the API (comma-separated; CORS). */
  corsOrigins: 'CORS_ALLOWED_ORIGINS',
} as const;
