// Request and response schemas of the suitability API: assessments, products, orders.
import { PRODUCT_TYPES } from './domain/product-rating';
import { MoneyIn, MovementFields, PageQuery, SettlementCycleOut } from '../money';
import * as z from 'zod';
import { isVisibleText, VISIBLE_TEXT_RULE } from '../kernel';

const level = (prefix: 'C' | 'R') =>
  z
    .number()
    .int()
    .min(1)
    .max(5)
    .meta({ description: `${prefix}1..${prefix}5 as 1..5` });

export const QuestionnaireResponse = z
  .object({
    version: z.string(),
    questions: z.array(
      z.object({
        id: z.string(),
        category: z.string(),
        text: z.string(),
        options: z.array(z.object({ id: z.string(), text: z.string() })),
      }),
    ),
  })
  .meta({ id: 'Questionnaire' });

export const AssessmentRequest = z
  .object({
    questionnaireVersion: z.string().min(1).max(20),
    answers: z
      .record(z.string().max(40), z.string().max(4))
      .meta({ example: { income: 'B', horizon: 'C' }, description: 'questionId -> option id' }),
  })
  .strict()
  .meta({ id: 'AssessmentRequest' });

export const AssessmentResponse = z
  .object({
    questionnaireVersion: z.string(),
    score: z.number().int(),
    level: level('C'),
    contributions: z.array(
      z.object({ questionId: z.string(), answer: z.string(), points: z.number().int() }),
    ),
    flags: z.array(
      z.object({ code: z.string(), questions: z.array(z.string()), detail: z.string() }),
    ),
    assessedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'Assessment' });

const bp = (what: string) =>
  z
    .number()
    .int()
    .min(-10_000)
    .max(100_000)
    .meta({ description: `${what}, basis points` });

const CYCLES = ['T+0', 'T+1', 'T+2'] as const;
const fen = (description: string) => z.number().int().positive().meta({ description });
const termFields = {
  minAmount: fen('fen'),
  lockUpDays: z.number().int().min(0).max(3650),
  limits: z
    .object({
      perCustomerDaily: fen(
        'What one customer may subscribe into the product in a day (China Standard Time), fen; ' +
          "the lower of this and the stage's limit for the product's rating applies",
      ).optional(),
      dailyTotal: fen(
        'What all customers together may subscribe into the product in a day, fen (its daily quota)',
      ).optional(),
    })
    .strict()
    .optional()
    .meta({ description: 'Exposure limits of the product (M4.2-a); an order past one is refused' }),
};
/** Product terms as a request gives them: the cycle as everywhere in the API ('T+1'). */
const TermsIn = z
  .object({
    ...termFields,
    settlementCycle: z
      .enum(CYCLES)
      .default('T+1')
      .transform((c) => CYCLES.indexOf(c) as 0 | 1 | 2)
      .meta({ description: 'Days from subscription to settlement, T+n' }),
  })
  .strict()
  .superRefine((t, ctx) => {
    for (const cap of ['perCustomerDaily', 'dailyTotal'] as const) {
      const amount = t.limits?.[cap];
      if (amount !== undefined && amount < t.minAmount)
        ctx.addIssue({
          code: 'custom',
          path: ['limits', cap],
          message: 'must not be below the minimum amount',
        });
    }
  });
/** Product terms as answers show them. */
const TermsOut = z.object({ ...termFields, settlementCycle: SettlementCycleOut });

export const ProductInput = z
  .object({
    name: z
      .string()
      .min(1)
      .max(80)
      .refine(isVisibleText, VISIBLE_TEXT_RULE)
      .meta({ description: `Free text that ${VISIBLE_TEXT_RULE}` }),
    type: z.enum(PRODUCT_TYPES),
    terms: TermsIn,
    metrics: z
      .object({
        annualisedReturnBp: bp('Expected annualised return'),
        volatilityBp: bp('Annualised volatility').pipe(z.number().min(0)),
        sharpeRatio: z.number().min(-10).max(10),
        maxDrawdownBp: bp('Maximum drawdown').pipe(z.number().min(0).max(10_000)),
      })
      .strict(),
    qualitative: z
      .object({
        leverage: z.boolean(),
        complexity: z.enum(['LOW', 'MEDIUM', 'HIGH']),
        principalProtected: z.boolean(),
        marketEnvironment: z.enum(['STABLE', 'VOLATILE']),
      })
      .strict(),
  })
  .strict()
  .meta({ id: 'ProductInput' });
export type ProductInput = z.infer<typeof ProductInput>;

export const ProductParams = z.object({ productId: z.uuid() }).strict();

export const ApproveRequest = z
  .object({ version: z.number().int().positive().meta({ description: 'The version reviewed' }) })
  .strict()
  .meta({ id: 'ApproveRequest' });

const RatingOut = z.object({
  level: level('R'),
  band: z.enum(['low', 'medium', 'high']),
  points: z.number().int(),
  factors: z.array(
    z.object({
      factor: z.string(),
      input: z.union([z.string(), z.number(), z.boolean()]),
      points: z.number().int(),
    }),
  ),
  floorApplied: z.object({ type: z.string(), from: z.number(), to: z.number() }).optional(),
});

export const ProductResponse = ProductInput.extend({
  terms: TermsOut,
  productId: z.uuid(),
  rating: RatingOut,
  status: z.enum(['PENDING_REVIEW', 'APPROVED']),
  version: z.number().int(),
  createdBy: z.string(),
  changedBy: z.string(),
  approvedBy: z.string().optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
}).meta({ id: 'Product' });

/** The staff view of a product: the product and every change and approval of it. */
export const ProductWithAuditTrail = ProductResponse.extend({
  auditTrail: z
    .array(
      z.object({
        event: z.enum(['CREATED', 'CHANGED', 'APPROVED']),
        actor: z.string().meta({ description: 'The staff member' }),
        version: z.number().int(),
        level: level('R'),
        points: z.number().int(),
        at: z.iso.datetime(),
        factors: RatingOut.shape.factors,
      }),
    )
    .meta({ description: 'Every creation, change and approval, oldest first' }),
}).meta({ id: 'ProductWithAuditTrail' });

export const ProductsResponse = z
  .object({
    products: z.array(
      z.object({
        productId: z.uuid(),
        name: z.string(),
        type: z.enum(PRODUCT_TYPES),
        level: level('R'),
        band: z.enum(['low', 'medium', 'high']),
        expectedReturnBp: z.number().int(),
        terms: TermsOut,
        status: z.enum(['PENDING_REVIEW', 'APPROVED']).optional(),
      }),
    ),
  })
  .meta({ id: 'Products' });

export const OrderRequest = z
  .object({
    productId: z.uuid(),
    amount: MoneyIn.shape.amount,
    currency: MoneyIn.shape.currency,
    /** Set after being shown the warning of a product one level above your tolerance. */
    acknowledgeRiskWarning: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'OrderRequest' });

/** What a refused order's problem carries besides RFC 9457's members (M2.2-a). */
export const SuitabilityRefusalMembers = z.object({
  customerLevel: level('C').meta({
    description: 'Your risk tolerance (absent without an assessment)',
  }),
  productLevel: level('R'),
  acknowledgementAllowed: z
    .boolean()
    .meta({ description: 'Whether acknowledging the warning would allow the order' }),
  warning: z.string().meta({ description: 'The warning to show and have acknowledged' }),
});

export const OrderParams = z.object({ orderId: z.uuid() }).strict();

export const OrderResponse = z
  .object({
    orderId: z.uuid(),
    ...MovementFields,
    productId: z.uuid(),
    suitability: z.object({
      customerLevel: level('C'),
      productLevel: level('R'),
      acknowledged: z.boolean(),
      explanation: z.string(),
    }),
  })
  .meta({ id: 'Order' });

export const OrdersQuery = PageQuery;

export const OrdersResponse = z
  .object({
    items: z.array(OrderResponse),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'Orders' });

export const RedemptionResponse = z
  .object({
    redemptionId: z.uuid(),
    orderId: z.uuid(),
    productId: z.uuid(),
    ...MovementFields,
  })
  .meta({ id: 'Redemption' });

export const HoldingsResponse = z
  .object({
    holdings: z.array(
      z.object({
        orderId: z.uuid(),
        productId: z.uuid(),
        productName: z.string(),
        productLevel: z.number().int(),
        principal: z.number().int(),
        status: z.enum(['PENDING', 'HELD', 'REDEEMING', 'REDEEMED', 'CANCELLED']),
        lockUpEndsOn: z.string(),
        subscribedAt: z.string(),
      }),
    ),
    totals: z.object({ held: z.number().int(), pending: z.number().int() }),
  })
  .meta({ id: 'Holdings' });

export const RecommendationsResponse = z
  .object({
    customerLevel: level('C'),
    personalised: z.boolean().meta({
      description:
        "Whether the ranking used the customer's holdings and orders: only with their MARKETING consent (GET /v1/customers/me/consents)",
    }),
    recommendations: z.array(
      z.object({
        productId: z.uuid(),
        name: z.string(),
        type: z.enum(PRODUCT_TYPES),
        level: level('R'),
        expectedReturnBp: z.number().int(),
        lockUpDays: z.number().int(),
        score: z.number().int(),
        reasons: z.array(
          z.object({ factor: z.string(), points: z.number().int(), detail: z.string() }),
        ),
      }),
    ),
  })
  .meta({ id: 'Recommendations' });

export const CustomerParams = z.object({ customerId: z.uuid() }).strict();

const Counts = z.record(z.string(), z.number().int());
export const SegmentsResponse = z
  .object({
    runAt: z.iso.datetime(),
    customers: z.number().int(),
    byRiskLevel: Counts,
    byLifecycle: Counts,
    byValueTier: Counts,
    byFrequency: Counts,
  })
  .meta({ id: 'Segments' });

const Explained = { explanation: z.string() };
const Bucket = z.enum(['CURRENT', 'M1', 'M30', 'M90']);

/** One risk profile per customer (issue 13): each part with its date and explanation. */
const RiskProfileSchema = z
  .object({
    suitability: z.object({
      asOf: z.iso.datetime().nullable(),
      level: z.number().int().nullable(),
      ...Explained,
    }),
    credit: z.object({
      asOf: z.iso.date(),
      latestScore: z
        .object({
          applicationId: z.uuid(),
          decidedAt: z.iso.datetime(),
          decision: z.string(),
          status: z.string(),
          score: z.number(),
          probabilityOfDefault: z.number(),
          scorecard: z.object({ kind: z.string(), version: z.string() }),
          reasons: z.array(z.string()),
        })
        .nullable(),
      loans: z.array(
        z.object({
          loanId: z.uuid(),
          status: z.enum(['ACTIVE', 'REPAID']),
          principalFen: z.number().int(),
          outstandingPrincipalFen: z.number().int(),
          overdueDays: z.number().int(),
          delinquency: Bucket,
          nextDueOn: z.iso.date().nullable(),
        }),
      ),
      outstandingPrincipalFen: z.number().int(),
      ...Explained,
    }),
    monitoring: z.object({
      asOf: z.iso.datetime(),
      status: z.string(),
      statusChange: z
        .object({ to: z.string(), at: z.iso.datetime(), reason: z.string() })
        .optional(),
      openAlerts: z.array(
        z.object({
          alertId: z.string(),
          ruleId: z.string(),
          severity: z.string(),
          status: z.string(),
          openedAt: z.iso.datetime(),
          lastAt: z.iso.datetime(),
          reasons: z.array(z.string()),
        }),
      ),
      holds: z.array(
        z.object({
          movementId: z.uuid(),
          movementType: z.string(),
          amount: z.number().int(),
          heldAt: z.iso.datetime(),
          score: z.number(),
        }),
      ),
      ...Explained,
    }),
    exposure: z.object({
      asOf: z.iso.date(),
      flows: z.array(
        z.object({
          flow: z.enum(['transfer', 'withdrawal', 'order']),
          single: z.number().int(),
          daily: z.number().int(),
          usedToday: z.number().int(),
          remainingToday: z.number().int(),
          usedShare: z.number(),
          source: z.string(),
        }),
      ),
      ...Explained,
    }),
  })
  .extend({
    marketRisk: z.object({
      asOf: z.iso.datetime().nullable(),
      status: z.enum(['NOT_COMPUTED', 'COMPUTED', 'EMPTY', 'FAILED']),
      runId: z.string().optional(),
      valueFen: z.number().int(),
      headline: z
        .object({
          method: z.string(),
          confidence: z.number(),
          horizonDays: z.number().int(),
          var: z.number().int(),
          es: z.number().int(),
          varShare: z.number(),
        })
        .nullable(),
      ...Explained,
    }),
  })
  .meta({
    id: 'CustomerRiskProfile',
    description:
      "One risk profile (issue 13): suitability, credit and loans, monitoring (status, open alerts, held movements), exposure against today's limits, market risk of the holdings (the nightly run's headline VaR); each part dated and explained",
  });

export const StaffCustomerProfileResponse = z
  .object({
    customerId: z.uuid(),
    status: z.string(),
    registeredAt: z.iso.datetime(),
    assessment: z
      .object({
        level: level('C'),
        score: z.number().int(),
        assessedAt: z.iso.datetime(),
        expiresAt: z.iso.datetime(),
        flags: z.array(z.object({ code: z.string(), detail: z.string() })),
      })
      .nullable(),
    profile: z.object({
      riskLevel: z.string(),
      frequency: z.enum(['LOW', 'MEDIUM', 'HIGH']),
      movementsInWindow: z.number().int(),
      assets: z.object({
        cash: z.number().int(),
        invested: z.number().int(),
        total: z.number().int(),
      }),
      lifecycle: z.enum(['NEW', 'ACTIVE', 'AT_RISK', 'DORMANT']),
      valueTier: z.enum(['STANDARD', 'SILVER', 'GOLD', 'PLATINUM']),
      lastActivityAt: z.string().optional(),
      explanation: z.string(),
    }),
    credit: z.object({
      applications: z.array(
        z
          .object({
            applicationId: z.uuid(),
            status: z.string(),
            decision: z.string(),
            score: z.number(),
            probabilityOfDefault: z.number(),
            reasons: z.array(z.object({ code: z.string(), text: z.string() })),
            decidedAt: z.iso.datetime(),
          })
          .catchall(z.unknown()),
      ),
    }),
    risk: RiskProfileSchema,
  })
  .catchall(z.unknown())
  .meta({
    id: 'StaffCustomerProfile',
    description: 'Masked name, phone, ID number and card are included',
  });
