// Proves a day's PII-access audit trail (issue 12): every chain of the day is read with its
// head and checked link by link (shared/identity/domain/audit-chain.ts). `npm run
// audit:verify` prints the result; a changed, inserted or removed record names its place.
import type { AuditLog } from '../adapters/audit';
import {
  AUDIT_CHAINS_PER_DAY,
  chainName,
  verifyChain,
  type ChainCheck,
} from '../domain/audit-chain';

export async function verifyAuditDay(
  day: string,
  audit: Pick<AuditLog, 'head' | 'chain'>,
): Promise<{ chain: string; check: ChainCheck }[]> {
  return Promise.all(
    Array.from({ length: AUDIT_CHAINS_PER_DAY }, async (_, shard) => {
      const chain = chainName(day, shard);
      const [head, records] = await Promise.all([audit.head(chain), audit.chain(chain)]);
      return { chain, check: verifyChain(chain, records, head) };
    }),
  );
}
