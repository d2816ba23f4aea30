// The credit routes' request and response documents (issue 13).
import * as z from 'zod';
import { CreditApplicationSchema } from './domain/application';
import { DECISIONS } from './domain/assessment';

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
    offer: Offer.optional(),
    officer: z
      .object({
        decision: z.enum(['APPROVE', 'DECLINE']),
        reason: z.string(),
        at: z.iso.datetime(),
      })
      .optional(),
    decidedAt: z.iso.datetime(),
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
