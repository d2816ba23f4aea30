// The rule set the platform ships (version 1): what runs until risk officers publish their
// own (validated by loadRuleSet at load, like any version). Amounts are fen.
//
// The reporting threshold that `structuring-under-50k` watches is the cash large-value
// transaction report's: RMB 50,000 a day (People's Bank of China, Measures for the
// Administration of Reports on Large-value and Suspicious Transactions, Order [2016] No. 3,
// article 5(1)). Transfers between natural persons' accounts are reported from RMB 500,000
// a day (article 5(3)): the transfer threshold of `large-amount`. Every other figure is the
// platform's starting point for a risk team to tune with shadow runs and replays.
//
// Actions: most rules raise an alert for review (REVIEW). A large outflow right after a new
// device or a changed phone or bank card (the pattern of an account takeover) is HELD until
// a risk officer has spoken to the customer, as is any movement whose rules add up to 90. A
// burst of more than ten outflows in ten minutes (a script draining an account) is BLOCKED:
// the money functions refuse it before it is recorded (ADR 0012).
import type { RuleSetInput } from './rules';

export const DEFAULT_RULE_SET = {
  version: 1,
  description: 'Shipped defaults: one rule of each kind, thresholds per flow (M4.1-a).',
  escalation: [
    { minScore: 70, action: 'REVIEW' },
    { minScore: 90, action: 'HOLD' },
  ],
  rules: [
    {
      id: 'velocity-outflow-hour',
      kind: 'velocity',
      description: 'Many transfers or withdrawals, or a large total, within an hour.',
      flows: ['transfer', 'withdrawal'],
      windowMinutes: 60,
      maxCount: 20,
      maxAmount: 20_000_000,
      score: 30,
      action: 'REVIEW',
      severity: 'MEDIUM',
    },
    {
      id: 'outflow-burst-10min',
      kind: 'velocity',
      description: 'More than ten transfers or withdrawals within ten minutes: refused at once.',
      flows: ['transfer', 'withdrawal'],
      windowMinutes: 10,
      maxCount: 10,
      score: 60,
      action: 'BLOCK',
      severity: 'HIGH',
    },
    {
      id: 'large-amount',
      kind: 'largeAmount',
      description: 'A single amount at or above its flow threshold (each flow has its own).',
      thresholds: {
        transfer: 50_000_000,
        withdrawal: 20_000_000,
        deposit: 20_000_000,
        order: 100_000_000,
        redemption: 100_000_000,
        loanApproval: 20_000_000,
        repayment: 5_000_000,
      },
      score: 40,
      action: 'REVIEW',
      severity: 'HIGH',
    },
    {
      id: 'structuring-under-50k',
      kind: 'structuring',
      description:
        'Three or more amounts within 10% under the RMB 50,000 large-value reporting threshold in a day.',
      flows: ['deposit', 'withdrawal', 'transfer'],
      threshold: 5_000_000,
      belowPercent: 10,
      minCount: 3,
      windowMinutes: 1440,
      score: 50,
      action: 'REVIEW',
      severity: 'HIGH',
    },
    {
      id: 'change-before-large-outflow',
      kind: 'changeBeforeLargeAmount',
      description:
        'A new device, or a changed phone or bank card, within a day before a transfer or withdrawal of RMB 10,000 or more (M2.1-c).',
      changes: ['NEW_DEVICE', 'PHONE', 'BANK_CARD'],
      flows: ['transfer', 'withdrawal'],
      withinMinutes: 1440,
      minAmount: 1_000_000,
      score: 40,
      action: 'HOLD',
      severity: 'HIGH',
    },
    {
      id: 'dormant-reactivated',
      kind: 'dormantReactivated',
      description:
        'A transfer or withdrawal of RMB 5,000 or more after 180 days without any movement.',
      flows: ['transfer', 'withdrawal'],
      dormantDays: 180,
      minAmount: 500_000,
      score: 25,
      action: 'REVIEW',
      severity: 'MEDIUM',
    },
    {
      id: 'many-counterparties-hour',
      kind: 'distinctCounterparties',
      description: 'Transfers to more than five distinct customers within an hour.',
      windowMinutes: 60,
      maxDistinct: 5,
      score: 30,
      action: 'REVIEW',
      severity: 'MEDIUM',
    },
    {
      id: 'round-amounts-burst',
      kind: 'roundAmounts',
      description: 'Five or more movements in whole thousands of yuan within an hour.',
      flows: ['deposit', 'withdrawal', 'transfer'],
      unit: 100_000,
      minCount: 5,
      windowMinutes: 60,
      score: 20,
      action: 'REVIEW',
      severity: 'LOW',
    },
    {
      id: 'shared-device',
      kind: 'sharedIdentifier',
      description: 'One device used by more than three customers (M2.1-c).',
      identifier: 'device',
      maxCustomers: 3,
      score: 40,
      action: 'REVIEW',
      severity: 'HIGH',
    },
    {
      id: 'shared-bank-card',
      kind: 'sharedIdentifier',
      description: 'One bank card registered by more than one customer (M2.1-c).',
      identifier: 'bankCard',
      maxCustomers: 1,
      score: 60,
      action: 'REVIEW',
      severity: 'HIGH',
    },
    {
      id: 'failed-logins-then-success',
      kind: 'failedLoginsThenSuccess',
      description: 'A successful sign-in after five or more failed ones within 30 minutes.',
      minFailures: 5,
      windowMinutes: 30,
      score: 35,
      action: 'REVIEW',
      severity: 'MEDIUM',
    },
    {
      id: 'new-account-recipient',
      kind: 'newlyRegisteredCounterparty',
      description: 'A transfer of RMB 10,000 or more to an account opened less than an hour ago.',
      withinMinutes: 60,
      minAmount: 1_000_000,
      score: 30,
      action: 'REVIEW',
      severity: 'MEDIUM',
    },
  ],
} as const satisfies RuleSetInput;
