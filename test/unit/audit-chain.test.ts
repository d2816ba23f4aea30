// The audit trail's hash chains (issue 12, Medium finding: the PII-access audit table can be
// changed): a chain verifies as written; a changed record, a removed one (in the middle or at
// the end), an inserted one and a reordered pair are each found at their place.
import { describe, expect, it } from 'vitest';
import {
  genesis,
  nextRecord,
  verifyChain,
  type AuditBody,
  type ChainedRecord,
} from '../../shared/identity/domain/audit-chain';

const CHAIN = '2026-11-29#3';
const body = (i: number): AuditBody => ({
  type: 'PII_ACCESS',
  subject: `c-${i}`,
  actor: 'notifier',
  fields: ['phone'],
  purpose: 'send the registration SMS code',
  at: `2026-11-29T04:00:0${i}.000Z`,
});

function written(n: number) {
  const records: ChainedRecord[] = [];
  let head: { seq: number; hash: string } | undefined;
  for (let i = 1; i <= n; i++) {
    const r = nextRecord(CHAIN, head, body(i));
    records.push(r);
    head = { seq: r.seq, hash: r.hash };
  }
  return { records, head };
}

describe('audit hash chains (M2.5-c, M7.1-a)', () => {
  it('M7.1-a Medium finding (the audit table can be changed): a chain verifies as written, from its genesis', () => {
    const { records, head } = written(5);
    expect(records[0]!.prev).toBe(genesis(CHAIN));
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(verifyChain(CHAIN, [...records].reverse(), head)).toEqual({
      ok: true,
      records: 5,
      head: records[4]!.hash,
    });
    expect(verifyChain(CHAIN, [], undefined)).toMatchObject({ ok: true, records: 0 });
    // The same body in another chain or place hashes differently.
    expect(nextRecord('2026-11-29#4', undefined, body(1)).hash).not.toBe(records[0]!.hash);
  });

  it('M7.1-a Medium finding (the audit table can be changed): a changed, removed, inserted or moved record is found at its place', () => {
    const { records, head } = written(5);
    const changed = records.map((r) =>
      r.seq === 3 ? { ...r, body: { ...r.body, purpose: 'nothing to see' } } : r,
    );
    expect(verifyChain(CHAIN, changed, head)).toMatchObject({ ok: false, seq: 3 });
    expect(verifyChain(CHAIN, changed, head)).toMatchObject({
      reason: 'its content does not match its hash (changed after it was written)',
    });
    // Removed in the middle: the next seq is out of place.
    expect(
      verifyChain(
        CHAIN,
        records.filter((r) => r.seq !== 2),
        head,
      ),
    ).toMatchObject({
      ok: false,
      seq: 3,
    });
    // Removed at the end: the head still names it.
    expect(verifyChain(CHAIN, records.slice(0, 4), head)).toMatchObject({ ok: false, seq: 5 });
    // A record rewritten whole, with a recomputed hash of its own, breaks the next link.
    const forged = nextRecord(
      CHAIN,
      { seq: 1, hash: records[0]!.hash },
      {
        ...body(2),
        actor: 'someone',
      },
    );
    expect(
      verifyChain(
        CHAIN,
        records.map((r) => (r.seq === 2 ? forged : r)),
        head,
      ),
    ).toMatchObject({ ok: false, seq: 3 });
    // Two records swapped in place (seqs kept): their links no longer meet.
    const swapped = records.map((r) =>
      r.seq === 4 ? { ...records[4]!, seq: 4 } : r.seq === 5 ? { ...records[3]!, seq: 5 } : r,
    );
    expect(verifyChain(CHAIN, swapped, head)).toMatchObject({ ok: false, seq: 4 });
  });
});
