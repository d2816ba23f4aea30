// The life of a rule set version (M4.1-a): shadow runs, a proposal, and publication only
// with a second officer's approval (four-eyes), each step kept with who, when and why.
import { describe, expect, it } from 'vitest';
import {
  applyRuleSetAction,
  MAX_SHADOWS,
  NO_CONTROL,
  RuleSetActionRefused,
  type RuleSetAction,
  type RuleSetControl,
  type RuleSetState,
} from '../../shared/risk/domain/rule-set-lifecycle';

const draft = (version: number, by = 'alice'): RuleSetState => ({
  version,
  status: 'DRAFT',
  shadow: false,
  by,
  history: [{ at: '2026-11-29T01:00:00.000Z', by, action: 'ADDED' }],
});
const step = (action: RuleSetAction, by: string) => ({
  action,
  by,
  at: '2026-11-29T02:00:00.000Z',
  reason: `${action} by ${by}`,
});
const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    if (error instanceof RuleSetActionRefused) return error.code;
    throw error;
  }
  return 'none';
};

describe('rule set lifecycle (M4.1-a)', () => {
  it('M4.1-a a proposed version goes live only on a second officer approval, and retires the one it replaces', () => {
    const control: RuleSetControl = { live: 3, shadows: [5], revision: 7 };
    const proposed = applyRuleSetAction(
      { ...draft(5), shadow: true },
      control,
      3,
      step('PROPOSE', 'bob'),
    );
    expect(proposed.next.status).toBe('PROPOSED');
    expect(proposed.control).toBe(control); // a proposal changes nothing that runs
    // Neither the proposer nor the author may approve.
    expect(
      refusal(() => applyRuleSetAction(proposed.next, control, 3, step('APPROVE', 'bob'))),
    ).toBe('FOUR_EYES_REQUIRED');
    expect(
      refusal(() => applyRuleSetAction(proposed.next, control, 3, step('APPROVE', 'alice'))),
    ).toBe('FOUR_EYES_REQUIRED');
    const approved = applyRuleSetAction(proposed.next, control, 3, step('APPROVE', 'carol'));
    expect(approved.next).toMatchObject({ status: 'LIVE', shadow: false });
    expect(approved.control).toEqual({ live: 5, shadows: [], revision: 8 });
    expect(approved.retires).toBe(3);
    expect(approved.next.history.map((s) => [s.action, s.by])).toEqual([
      ['ADDED', 'alice'],
      ['PROPOSE', 'bob'],
      ['APPROVE', 'carol'],
    ]);
  });

  it('M4.1-a the first published version retires nothing (the shipped default is not stored)', () => {
    const proposed = applyRuleSetAction(draft(2), NO_CONTROL, 1, step('PROPOSE', 'alice')).next;
    const approved = applyRuleSetAction(proposed, NO_CONTROL, 1, step('APPROVE', 'bob'));
    expect(approved.control).toEqual({ live: 2, shadows: [], revision: 1 });
    expect(approved.retires).toBeUndefined();
  });

  it("M4.1-a refuses steps out of order, a version not after the live one, and a shadow past the stage's most", () => {
    const control: RuleSetControl = { live: 4, shadows: [], revision: 1 };
    expect(refusal(() => applyRuleSetAction(draft(5), control, 4, step('APPROVE', 'bob')))).toBe(
      'RULE_SET_STATE',
    );
    expect(refusal(() => applyRuleSetAction(draft(3), control, 4, step('PROPOSE', 'bob')))).toBe(
      'RULE_SET_STATE',
    );
    // Proposed while 4 was live, but 6 went live meanwhile: approving 5 would go back in time.
    const proposed = applyRuleSetAction(draft(5), control, 4, step('PROPOSE', 'alice')).next;
    expect(
      refusal(() =>
        applyRuleSetAction(proposed, { ...control, live: 6 }, 6, step('APPROVE', 'bob')),
      ),
    ).toBe('RULE_SET_STATE');
    // As many shadows as the stage allows (20 shipped), and no more.
    const running = (n: number): RuleSetControl => ({
      live: 4,
      shadows: Array.from({ length: n }, (_, i) => 100 + i),
      revision: 9,
    });
    expect(
      applyRuleSetAction(draft(99), running(19), 4, step('SHADOW', 'bob'), 20).control.shadows,
    ).toHaveLength(20);
    expect(
      refusal(() => applyRuleSetAction(draft(99), running(20), 4, step('SHADOW', 'bob'), 20)),
    ).toBe('RULE_SET_STATE');
    expect(
      refusal(() => applyRuleSetAction(draft(99), running(MAX_SHADOWS), 4, step('SHADOW', 'bob'))),
    ).toBe('RULE_SET_STATE');
    const rejected = applyRuleSetAction(proposed, control, 4, step('REJECT', 'bob')).next;
    expect(rejected.status).toBe('REJECTED');
    for (const a of ['PROPOSE', 'APPROVE', 'SHADOW'] as const)
      expect(refusal(() => applyRuleSetAction(rejected, control, 4, step(a, 'carol')))).toBe(
        'RULE_SET_STATE',
      );
  });

  it('M4.1-a shadow and unshadow add and remove the version on a new revision of the control', () => {
    const control: RuleSetControl = { live: 4, shadows: [7], revision: 2 };
    const on = applyRuleSetAction(draft(8), control, 4, step('SHADOW', 'bob'));
    expect(on.control).toEqual({ live: 4, shadows: [7, 8], revision: 3 });
    expect(refusal(() => applyRuleSetAction(on.next, on.control, 4, step('SHADOW', 'bob')))).toBe(
      'RULE_SET_STATE',
    );
    const off = applyRuleSetAction(on.next, on.control, 4, step('UNSHADOW', 'carol'));
    expect(off.control).toEqual({ live: 4, shadows: [7], revision: 4 });
    expect(off.next.shadow).toBe(false);
  });
});
