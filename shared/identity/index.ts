// Identity and onboarding: real-name KYC, consents, SMS codes, encrypted PII, sign-in.
// The public entry of the module: other modules and the functions import only this.
export * from './adapters/audit';
export * from './adapters/blind-index';
export * from './adapters/customers-repo';
export * from './adapters/field-crypto';
export * from './adapters/identity';
export * from './adapters/kyc-provider';
export * from './adapters/notifications';
export * from './adapters/sms';
export * from './adapters/sms-quota';
export * from './adapters/staff-identity';
export * from './domain/audit-chain';
export * from './domain/customer-status';
export * from './domain/kyc';
export * from './domain/legal';
export * from './domain/otp';
export * from './domain/sms-limits';
export * from './domain/staff';
export * from './flows/audit-verify';
export * from './flows/customer-status';
export * from './flows/onboarding';
export * from './flows/sign-out';
export * from './flows/staff';
export * from './schemas';
