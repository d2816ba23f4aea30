// Customer profiles for staff and segment counts (M2.4-b, M2.4-c, M7.3-a), recomputed
// from the customer's journal lines, balance, holdings and assessment whenever asked,
// and for every customer by the segmentation run (daily in AWS, on demand here).
import { applicationView, type ApplicationsRepo } from '../../credit';
import type { AssessmentsRepo, Holdings } from '../../investing';
import type { AuditLog, CustomersRepo } from '../../identity';
import type { LedgerRepo } from '../../money';
import type { RuntimeSettings } from '../../settings';
import { customerAccount } from '../../money';
import { countSegments, profileOf, type Profile } from '../domain/profiles';
import { NotFoundError } from '../../platform';
import { riskProfile, type RiskProfileDeps } from './risk-profile';
import type { Clock } from '../../kernel';

export interface ProfileDeps {
  readonly customers: CustomersRepo;
  readonly assessments: AssessmentsRepo;
  readonly ledger: LedgerRepo;
  readonly holdings: Holdings;
  readonly settings: RuntimeSettings;
  readonly clock: Clock;
  /** Credit applications (the staff file's credit part; issue 13's one risk profile). */
  readonly credit?: Pick<ApplicationsRepo, 'ofCustomer'>;
}

/** The staff file: the profile's sources and the risk profile's (issue 13). */
export type StaffFileDeps = ProfileDeps &
  Omit<RiskProfileDeps, 'ledger' | 'settings' | 'clock'> & {
    readonly audit: Pick<AuditLog, 'staffRead'>;
  };

/** Journal-line times back to the dormancy window (newest first, page by page). */
async function activity(customerId: string, since: string, deps: ProfileDeps): Promise<string[]> {
  const times: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const out = await deps.ledger.entries(customerAccount(customerId), 100, cursor);
    for (const e of out.entries) {
      if (e.at < since) return times;
      times.push(e.at);
    }
    if (!out.next) break;
    cursor = out.next;
  }
  return times;
}

async function computeProfile(
  customerId: string,
  registeredAt: string,
  deps: ProfileDeps,
): Promise<{ profile: Profile; assessment: Awaited<ReturnType<AssessmentsRepo['current']>> }> {
  const now = deps.clock.now();
  const seg = deps.settings.segmentation;
  const since = new Date(now.getTime() - seg.dormantAfterDays * 86_400_000).toISOString();
  const [assessment, account, holdings, times] = await Promise.all([
    deps.assessments.current(customerId),
    deps.ledger.account(customerAccount(customerId)),
    deps.holdings.of(customerId),
    activity(customerId, since, deps),
  ]);
  const valid = assessment && new Date(assessment.expiresAt) > now;
  const profile = profileOf(
    {
      registeredAt,
      now,
      ...(valid ? { riskLevel: assessment.level } : {}),
      activity: times,
      cash: account?.balance ?? 0,
      invested: holdings
        .filter((h) => h.status === 'PENDING' || h.status === 'HELD')
        .reduce((s, h) => s + h.principal, 0),
    },
    seg,
  );
  return { profile, assessment };
}

/** What staff see of a customer: masked identity, assessment, profile. No plaintext PII. */
/** A customer's file as staff see it; the read is audited (who, what, when) before it is shown. */
export async function staffCustomerProfile(customerId: string, staff: string, deps: StaffFileDeps) {
  const customer = await deps.customers.getCustomer(customerId);
  if (!customer) throw new NotFoundError('CUSTOMER_NOT_FOUND', 'No such customer.');
  await deps.audit.staffRead({
    customerId,
    actor: staff,
    fields: ['name', 'phone', 'idNumber', 'bankCard', 'assessment', 'profile', 'credit', 'risk'],
    purpose: 'staff view of the customer file (masked)',
  });
  const [{ profile, assessment }, applications] = await Promise.all([
    computeProfile(customerId, customer.createdAt, deps),
    deps.credit?.ofCustomer(customerId) ?? [],
  ]);
  const risk = await riskProfile(
    customerId,
    {
      status: customer.status,
      ...(customer.statusChange
        ? {
            statusChange: {
              to: customer.statusChange.to,
              at: customer.statusChange.at,
              reason: customer.statusChange.reason,
            },
          }
        : {}),
      assessment,
      applications,
    },
    deps,
  );
  return {
    customerId,
    status: customer.status,
    ...customer.masked,
    registeredAt: customer.createdAt,
    assessment: assessment
      ? {
          level: assessment.level,
          score: assessment.score,
          assessedAt: assessment.assessedAt,
          expiresAt: assessment.expiresAt,
          flags: assessment.flags,
        }
      : null,
    profile,
    // The latest credit applications with their score, PD, decision and reasons (M3.1-a).
    credit: {
      applications: applications.map((a) => {
        const { amountFen: _a, termMonths: _t, ...view } = applicationView(a);
        return view;
      }),
    },
    // One risk profile (issue 13): each part with its date and explanation.
    risk,
  };
}

/** Profiles every customer and stores the counts per segment. */
export async function runSegmentation(deps: ProfileDeps) {
  const runAt = deps.clock.now().toISOString();
  const ids = await deps.customers.customerIds();
  const profiles: Profile[] = [];
  for (const id of ids) {
    const customer = await deps.customers.getCustomer(id);
    if (!customer) continue;
    profiles.push((await computeProfile(id, customer.createdAt, deps)).profile);
  }
  const report = { runAt, ...countSegments(profiles) };
  await deps.customers.putSegmentReport(report);
  return report;
}
