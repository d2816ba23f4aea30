// The Cognito groups: verified customers, and the staff roles of the operations API.
export const CUSTOMER_GROUP = 'customers';
export const STAFF_GROUPS = [
  'risk-officer',
  'credit-officer',
  'compliance-officer',
  'service-agent',
  'product-manager',
  'admin',
] as const;
export type StaffGroup = (typeof STAFF_GROUPS)[number];
