// The credit routes' request and response documents (issue 13).
import * as z from 'zod';
import { CreditApplicationSchema } from './domain/application';
import { DECISIONS } from './domain/assessment';
import { DELINQUENCY_BUCKETS } from './domain/loan';

export const CreditApplicationRequest = CreditApplicationSchema.omit({ behaviour: true }).meta({
  id: 'CreditApplicationRequest',
  description:
    'A consumer-loan application: what the applicant says. The platform adds its own signals (account age, balance, past loans).',
});

export const CreditApplicationParams = z.object({ applicationId: z.uuid() }).strict();

const Offer = z.object({
  limitFen: z.number().int(),
  annualRatePct: z.number(),
});

export const CreditApplicationOut = z
  .object({
    applicationId: z.uuid(),
    status: z.enum(['APPROVED', 'DECLINED', 'REFERRED']),
    decision: z.enum(DECISIONS),
    score: z.number(),
    probabilityOfDefault: z.number().min(0).max(1),
    scorecard: z.object({ kind: z.enum(['expert', 'statistical']), version: z.string() }),
    reasons: z.array(z.object({ code: z.string(), text: z.string() })),
    amountFen: z.number().int(),
    termMonths: z.number().int(),
    signals: CreditApplicationSchema.shape.behaviour.meta({
      description:
        "The platform's own signals about the applicant, as scored: account age, balance band, how past loans here were repaid, loans open, most days overdue (null: not known)",
    }),
    offer: Offer.optional(),
    officer: z
      .object({
        decision: z.enum(['APPROVE', 'DECLINE']),
        reason: z.string(),
        at: z.iso.datetime(),
      })
      .optional(),
    decidedAt: z.iso.datetime(),
    loanId: z.uuid().optional().meta({ description: 'The loan the offer became' }),
  })
  .meta({ id: 'CreditApplication' });

export const CreditReferralList = z
  .object({
    applications: z.array(CreditApplicationOut.extend({ customerId: z.uuid() })),
  })
  .meta({ id: 'CreditReferralList' });

export const CreditOfficerDecision = z
  .object({
    decision: z.enum(['APPROVE', 'DECLINE']),
    reason: z.string().trim().min(5).max(500),
  })
  .strict()
  .meta({ id: 'CreditOfficerDecision' });

// Loans (issue 13, M1-a): an offer taken up, its schedule, repayments and the loan book.

export const LoanRequest = z
  .object({
    applicationId: z.uuid(),
    /** Less than the offer's limit, if the borrower wants less; the limit otherwise. */
    amountFen: z.number().int().positive().optional(),
  })
  .strict()
  .meta({
    id: 'LoanRequest',
    description:
      "Take up an approved application's offer: the loan is paid to the cash account at once, repaid in equal monthly instalments",
  });

export const LoanParams = z.object({ loanId: z.uuid() }).strict();

export const RepaymentRequest = z
  .object({
    kind: z.enum(['DUE', 'PAYOFF']).meta({
      description:
        'DUE: every instalment due by today, oldest first; PAYOFF: the whole loan early (the quote in payoffToday)',
    }),
  })
  .strict()
  .meta({ id: 'RepaymentRequest' });

const Fen = z.number().int();
const Bucket = z.enum(DELINQUENCY_BUCKETS).meta({
  description: 'CURRENT; M1: 1-30 days overdue; M30: 31-90; M90: more than 90 (non-performing)',
});

export const LoanOut = z
  .object({
    loanId: z.uuid(),
    applicationId: z.uuid(),
    status: z.enum(['ACTIVE', 'REPAID']),
    principalFen: Fen,
    annualRatePct: z.number(),
    termMonths: z.number().int(),
    disbursedOn: z.iso.date(),
    disbursementId: z.uuid().meta({ description: 'The movement that paid the loan out' }),
    outstandingPrincipalFen: Fen,
    overdueDays: z.number().int().min(0),
    delinquency: Bucket,
    asOf: z.iso.date(),
    nextDue: z.object({ n: z.number().int(), dueOn: z.iso.date(), amountFen: Fen }).optional(),
    payoffToday: z
      .object({ amountFen: Fen, principalFen: Fen, interestFen: Fen })
      .optional()
      .meta({ description: 'What paying the whole loan off today costs (no fee)' }),
    instalments: z.array(
      z.object({
        n: z.number().int(),
        dueOn: z.iso.date(),
        principalFen: Fen,
        interestFen: Fen,
        amountFen: Fen,
        status: z.enum(['PAID', 'OVERDUE', 'DUE', 'SCHEDULED']),
        paidOn: z.iso.date().optional(),
        paidFen: Fen.optional(),
        lateDays: z.number().int().min(0).optional(),
      }),
    ),
    repaidOn: z.iso.date().optional(),
    repaidEarly: z.boolean().optional(),
  })
  .meta({ id: 'Loan' });

export const LoanList = z.object({ loans: z.array(LoanOut) }).meta({ id: 'LoanList' });

export const LoanBook = z
  .object({
    asOf: z.iso.date(),
    loans: z.array(
      z.object({
        loanId: z.uuid(),
        customerId: z.uuid(),
        principalFen: Fen,
        outstandingPrincipalFen: Fen,
        nextDueOn: z.iso.date().nullable(),
        overdueDays: z.number().int().min(0),
        delinquency: Bucket,
      }),
    ),
    buckets: z.record(Bucket, z.object({ loans: z.number().int(), outstandingPrincipalFen: Fen })),
    outstandingPrincipalFen: Fen,
  })
  .meta({ id: 'LoanBook' });

export const CollectionRunOut = z
  .object({
    asOf: z.iso.date(),
    loans: z.number().int(),
    instalmentsPaid: z.number().int(),
    collectedFen: Fen,
    unpaid: z.record(Bucket, z.number().int()),
  })
  .meta({ id: 'CollectionRun' });
