// Which customers have a screening hit that holds their movements (issue 14, M1-c, ADR
// 0031). Kept apart from the matching so that a reader (risk scoring) does not bundle the
// character table.
import type { ScreeningRepo } from '../adapters/screening-repo';
import type { CustomerScreening } from '../domain/screening-results';

/** The customers among these whose screening hit is open or confirmed (what holds movements). */
export async function openScreenings(
  customerIds: readonly string[],
  repo: Pick<ScreeningRepo, 'of'>,
): Promise<Map<string, CustomerScreening>> {
  const found = await repo.of(customerIds);
  return new Map([...found].filter(([, s]) => s.status === 'OPEN' || s.status === 'CONFIRMED'));
}
