// The life of a rule set version (M4.1-a; docs/risk-monitoring.md, "Publishing a rule
// set"): a risk officer adds it as a DRAFT, may run it in shadow on live traffic beside
// others, proposes it, and a second officer (neither its author nor its proposer) approves
// it, which makes it LIVE and retires the version it replaces, or rejects it. Every step is
// kept with who, when and why. Pure: the repository stores what this decides, on the
// revision of the control it read.

/**
 * The most versions a stage may let run in shadow at once (`maxShadowRuleSets`, ADR 0014):
 * each costs one evaluation per event (about 17 µs) and its decision in the history item.
 */
export const MAX_SHADOWS = 50;

export const RULE_SET_STATUSES = ['DRAFT', 'PROPOSED', 'LIVE', 'RETIRED', 'REJECTED'] as const;
export type RuleSetStatus = (typeof RULE_SET_STATUSES)[number];

export const RULE_SET_ACTIONS = ['PROPOSE', 'APPROVE', 'REJECT', 'SHADOW', 'UNSHADOW'] as const;
export type RuleSetAction = (typeof RULE_SET_ACTIONS)[number];

export interface RuleSetStep {
  readonly at: string;
  readonly by: string;
  readonly action: 'ADDED' | RuleSetAction | 'RETIRED';
  readonly reason?: string;
}

/** What a version is now: its status, whether it runs in shadow, and its steps. */
export interface RuleSetState {
  readonly version: number;
  readonly status: RuleSetStatus;
  readonly shadow: boolean;
  readonly by: string;
  readonly history: readonly RuleSetStep[];
}

/**
 * Which versions scoring runs: the live one (0: the shipped default) and those in shadow.
 * One item; every change names the revision it was decided on.
 */
export interface RuleSetControl {
  readonly live: number;
  readonly shadows: readonly number[];
  readonly revision: number;
}

export const NO_CONTROL: RuleSetControl = { live: 0, shadows: [], revision: 0 };

export class RuleSetActionRefused extends Error {
  override readonly name = 'RuleSetActionRefused';
  constructor(
    readonly code: 'RULE_SET_STATE' | 'FOUR_EYES_REQUIRED',
    message: string,
  ) {
    super(message);
  }
}

export interface RuleSetChange {
  readonly next: RuleSetState;
  readonly control: RuleSetControl;
  /** The version this one replaces as live, if it is stored (it becomes RETIRED). */
  readonly retires?: number;
}

/**
 * Applies `action` by `staff` to `state` under `control`, or refuses it. `liveVersion` is
 * the version scoring runs now (the shipped default's when no version was published).
 */
export function applyRuleSetAction(
  state: RuleSetState,
  control: RuleSetControl,
  liveVersion: number,
  step: { action: RuleSetAction; by: string; at: string; reason: string },
  /** How many versions may run in shadow at once on this stage. */
  maxShadows = MAX_SHADOWS,
): RuleSetChange {
  const refuse = (message: string): never => {
    throw new RuleSetActionRefused('RULE_SET_STATE', message);
  };
  const open = state.status === 'DRAFT' || state.status === 'PROPOSED';
  const history = [...state.history, step];
  const withoutMe = control.shadows.filter((v) => v !== state.version);
  const revision = control.revision + 1;
  switch (step.action) {
    case 'PROPOSE': {
      if (state.status !== 'DRAFT') refuse(`Version ${state.version} is ${state.status}.`);
      if (state.version <= liveVersion)
        refuse(`Version ${state.version} is not after the live version ${liveVersion}.`);
      return { next: { ...state, status: 'PROPOSED', history }, control };
    }
    case 'APPROVE':
    case 'REJECT': {
      if (state.status !== 'PROPOSED')
        refuse(`Version ${state.version} is ${state.status}; only a proposed version is decided.`);
      const proposer = [...state.history].reverse().find((s) => s.action === 'PROPOSE')?.by;
      if (step.by === proposer || step.by === state.by)
        throw new RuleSetActionRefused(
          'FOUR_EYES_REQUIRED',
          'A second risk officer, neither its author nor its proposer, decides on a version.',
        );
      if (step.action === 'REJECT')
        return {
          next: { ...state, status: 'REJECTED', shadow: false, history },
          control: state.shadow ? { ...control, shadows: withoutMe, revision } : control,
        };
      if (state.version <= liveVersion)
        refuse(`Version ${state.version} is not after the live version ${liveVersion}.`);
      return {
        next: { ...state, status: 'LIVE', shadow: false, history },
        control: { live: state.version, shadows: withoutMe, revision },
        ...(control.live > 0 ? { retires: control.live } : {}),
      };
    }
    case 'SHADOW': {
      if (!open) refuse(`Version ${state.version} is ${state.status}; it cannot run in shadow.`);
      if (state.shadow) refuse(`Version ${state.version} runs in shadow already.`);
      if (control.shadows.length >= maxShadows)
        refuse(`${maxShadows} versions run in shadow already, this stage's most; stop one first.`);
      return {
        next: { ...state, shadow: true, history },
        control: { ...control, shadows: [...control.shadows, state.version], revision },
      };
    }
    case 'UNSHADOW': {
      if (!state.shadow) refuse(`Version ${state.version} does not run in shadow.`);
      return {
        next: { ...state, shadow: false, history },
        control: { ...control, shadows: withoutMe, revision },
      };
    }
  }
}
