// The PII-access audit trail as hash chains (M2.5-c, M7.1-a; issue 12, "the audit table can
// be changed"): each day has a few chains (shards, so writers do not queue on one item);
// every record carries its chain's previous hash and its own, the hash of the previous one
// and of the record's canonical text. Changing, inserting or removing any record breaks the
// chain from there on, and `npm run audit:verify` says where. Pure.
import { createHash } from 'node:crypto';
import { canonical } from '../../kernel';

/** Chains per day: each audit write picks one at random. */
export const AUDIT_CHAINS_PER_DAY = 8;

/** What a record says (everything but its place in the chain). */
export interface AuditBody {
  /**
   * PII_ACCESS: a function decrypted PII; STAFF_READ: staff read a customer's file;
   * STAFF_ADMIN: an administrator created a staff account or changed its groups or status;
   * KILL_SWITCH: staff stopped or restarted a kind of business (ADR 0018);
   * KRI_INPUT: staff entered a key risk indicator's value for a period (issue 13);
   * COMPLIANCE: a compliance officer changed a policy, course, roster entry, audit or
   * remediation item (issue 14, M5); or a regulatory report built, read, submitted or filed (issue 14, M1-c);
   * WATCHLIST: a compliance officer stored a watch list's version (issue 14, M1-c).
   */
  readonly type:
    | 'PII_ACCESS'
    | 'STAFF_READ'
    | 'STAFF_ADMIN'
    | 'KILL_SWITCH'
    | 'KRI_INPUT'
    | 'RETENTION_ACTION'
    | 'COMPLIANCE'
    | 'ERASURE'
    | 'WATCHLIST';
  /**
   * Whose record it is: a customer id; for STAFF_ADMIN the staff member's username; for
   * KILL_SWITCH the switch's name; for KRI_INPUT `kri.<indicator>`; for COMPLIANCE
   * `compliance.<kind>.<id>` (e.g. `compliance.finding.FND-...`), or `report.<reportId>` for a regulatory report; for WATCHLIST `watchlist.<list>`.
   */
  readonly subject: string;
  readonly actor: string;
  readonly fields: readonly string[];
  readonly purpose: string;
  readonly at: string;
}

/** A record in its chain. */
export interface ChainedRecord {
  readonly chain: string;
  readonly seq: number;
  readonly prev: string;
  readonly hash: string;
  readonly body: AuditBody;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The name of a day's chain: `<YYYY-MM-DD>#<shard>`. */
export const chainName = (day: string, shard: number) => `${day}#${shard}`;

/** The hash a chain starts from (before its first record). */
export const genesis = (chain: string) => sha256(`finplat-audit:${chain}`);

/** The hash of a record that follows `prev` in `chain` at `seq`. */
export const linkHash = (chain: string, seq: number, prev: string, body: AuditBody) =>
  sha256(`${chain}\n${seq}\n${prev}\n${canonical(body)}`);

/** The next record of a chain whose head is at `head` (seq 0 and genesis for a new chain). */
export function nextRecord(
  chain: string,
  head: { seq: number; hash: string } | undefined,
  body: AuditBody,
): ChainedRecord {
  const seq = (head?.seq ?? 0) + 1;
  const prev = head?.hash ?? genesis(chain);
  return { chain, seq, prev, hash: linkHash(chain, seq, prev, body), body };
}

export type ChainCheck =
  | { readonly ok: true; readonly records: number; readonly head: string }
  | { readonly ok: false; readonly records: number; readonly seq: number; readonly reason: string };

/**
 * Checks a chain's records (in any order) against each other and against its head: every
 * seq from 1 present once, each record's prev the hash before it, each hash recomputed
 * from its body, and the last one the head's.
 */
export function verifyChain(
  chain: string,
  records: readonly ChainedRecord[],
  head: { seq: number; hash: string } | undefined,
): ChainCheck {
  const sorted = [...records].sort((a, b) => a.seq - b.seq);
  let prev = genesis(chain);
  for (const [i, r] of sorted.entries()) {
    const broken = (reason: string): ChainCheck => ({
      ok: false,
      records: sorted.length,
      seq: r.seq,
      reason,
    });
    if (r.seq !== i + 1) return broken(`record ${i + 1} is missing (found ${r.seq})`);
    if (r.prev !== prev) return broken('its previous hash is not the hash of the record before');
    if (r.hash !== linkHash(chain, r.seq, r.prev, r.body))
      return broken('its content does not match its hash (changed after it was written)');
    prev = r.hash;
  }
  const last = sorted.length;
  if ((head?.seq ?? 0) !== last || (head?.hash ?? genesis(chain)) !== prev)
    return {
      ok: false,
      records: last,
      seq: last + 1,
      reason: `the chain's head is at record ${head?.seq ?? 0}: records after ${last} were removed`,
    };
  return { ok: true, records: last, head: prev };
}
