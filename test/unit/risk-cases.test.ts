// Cases (M4.1-a): grouping by key, and the steps of a case (split, merge, close), each kept
// on the timeline with who and when; a member is moved, never copied or lost.
import { describe, expect, it } from 'vitest';
import {
  applyCaseAction,
  CaseActionRefused,
  matchesKey,
  MAX_CASE_MEMBERS,
  openCase,
  type CaseRecord,
} from '../../shared/risk/domain/cases';

const AT = '2026-11-29T02:00:00.000Z';
const base = (alertIds: string[], holdIds: string[] = [], caseId = 'K1'): CaseRecord =>
  openCase({
    caseId,
    key: { kind: 'CUSTOMER', ref: 'c-1' },
    from: '2026-11-28',
    to: '2026-11-29',
    members: { alertIds, holdIds },
    by: 'alice',
    at: AT,
    reason: 'same customer',
  });
const by = { by: 'bob', at: '2026-11-29T03:00:00.000Z' };
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof CaseActionRefused) return e.code;
    throw e;
  }
  return 'none';
};

describe('cases (M4.1-a)', () => {
  it('M4.1-a matches members by customer, counterparty or device', () => {
    const m = { id: 'a', customerId: 'c-1', counterparties: ['c-9'], devices: ['d-7'] };
    expect(matchesKey({ kind: 'CUSTOMER', ref: 'c-1' }, m)).toBe(true);
    expect(matchesKey({ kind: 'CUSTOMER', ref: 'c-9' }, m)).toBe(false);
    expect(matchesKey({ kind: 'COUNTERPARTY', ref: 'c-9' }, m)).toBe(true);
    expect(matchesKey({ kind: 'DEVICE', ref: 'd-7' }, m)).toBe(true);
    expect(matchesKey({ kind: 'DEVICE', ref: 'c-1' }, m)).toBe(false);
  });

  it('M4.1-a a split moves the named members to a new case; a merge moves them back; none is lost or doubled', () => {
    const c = base(['a1', 'a2'], ['h1']);
    const split = applyCaseAction(
      c,
      { action: 'SPLIT', version: 1, alertIds: ['a2'], holdIds: ['h1'], reason: 'separate' },
      by,
      { newCaseId: 'K2' },
    );
    expect([split.after.alertIds, split.after.holdIds, split.after.version]).toEqual([
      ['a1'],
      [],
      2,
    ]);
    expect([split.other!.caseId, split.other!.alertIds, split.other!.holdIds]).toEqual([
      'K2',
      ['a2'],
      ['h1'],
    ]);
    expect(split.after.timeline.at(-1)).toMatchObject({
      action: 'SPLIT_OUT',
      by: 'bob',
      caseId: 'K2',
    });
    expect(split.other!.timeline).toEqual([
      expect.objectContaining({ action: 'SPLIT_FROM', caseId: 'K1', by: 'bob' }),
    ]);
    const merged = applyCaseAction(
      split.after,
      { action: 'MERGE', version: 2, caseId: 'K2', reason: 'one matter' },
      by,
      { other: split.other! },
    );
    expect([merged.after.alertIds, merged.after.holdIds]).toEqual([['a1', 'a2'], ['h1']]);
    expect(merged.other).toMatchObject({
      status: 'MERGED',
      mergedInto: 'K1',
      alertIds: [],
      holdIds: [],
    });
    expect(merged.moved).toEqual({ alertIds: ['a2'], holdIds: ['h1'] });
  });

  it('M4.1-a refuses a stale version, a closed case, a split of nothing, everything or strangers, and a merge into itself', () => {
    const c = base(['a1', 'a2']);
    const split = (alertIds: string[], version = 1) =>
      code(() =>
        applyCaseAction(c, { action: 'SPLIT', version, alertIds, reason: 'x' }, by, {
          newCaseId: 'K2',
        }),
      );
    expect(split(['a1'], 3)).toBe('VERSION_MISMATCH');
    expect(split([])).toBe('VALIDATION_FAILED');
    expect(split(['a1', 'a2'])).toBe('VALIDATION_FAILED');
    expect(split(['zz'])).toBe('VALIDATION_FAILED');
    expect(
      code(() =>
        applyCaseAction(c, { action: 'MERGE', version: 1, caseId: 'K1', reason: 'x' }, by, {
          other: c,
        }),
      ),
    ).toBe('VALIDATION_FAILED');
    const closed = applyCaseAction(
      c,
      { action: 'CLOSE', version: 1, disposition: 'FALSE_POSITIVE', reason: 'known' },
      by,
    ).after;
    expect([closed.status, closed.disposition]).toEqual(['CLOSED', 'FALSE_POSITIVE']);
    expect(
      code(() => applyCaseAction(closed, { action: 'COMMENT', version: 2, note: 'x' }, by)),
    ).toBe('CASE_CLOSED');
  });

  it(`M4.1-a a case holds at most ${MAX_CASE_MEMBERS} members (one transaction moves them all)`, () => {
    const many = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);
    expect(code(() => base(many(MAX_CASE_MEMBERS + 1, 'a')))).toBe('CASE_TOO_LARGE');
    const a = base(many(50, 'a'));
    const b = base(many(40, 'b'), [], 'K2');
    expect(
      code(() =>
        applyCaseAction(a, { action: 'MERGE', version: 1, caseId: 'K2', reason: 'x' }, by, {
          other: b,
        }),
      ),
    ).toBe('CASE_TOO_LARGE');
  });
});
