// Incidents' rules (ADR 0019): opening from an alarm, classification by runbook, the
// forward-only lifecycle, the post-mortem to close, and times against the targets.
import { describe, expect, it } from 'vitest';
import {
  againstTargets,
  alarmAgain,
  applyIncidentAction,
  classify,
  DEFAULT_TARGETS,
  IncidentActionRefused,
  openFromAlarm,
  runbookOf,
  type Incident,
} from '../../shared/risk';

const notice = {
  alarmName: 'Finplat-prod-Messaging-SettlementDlqDepthAlarm',
  description: 'Messages in the Settlement dead-letter queue. Runbook: docs/runbooks/dlq-depth.md',
  state: 'ALARM',
  reason: 'Threshold Crossed: 1 datapoint [3.0] was >= 1.0',
  at: '2026-11-29T02:00:00.000Z',
};
const at = (minutes: number) => new Date(Date.parse(notice.at) + minutes * 60_000).toISOString();

describe('incidents (M4.4-a, M6.4-a)', () => {
  it('M4.4-a opens from an alarm with its runbook, its documented severity and the reason on the timeline', () => {
    const i = openFromAlarm(notice, 'INC-20261129-00000001');
    expect(i).toMatchObject({
      title: 'Messages in the Settlement dead-letter queue',
      severity: 'SEV2',
      status: 'OPEN',
      runbook: 'dlq-depth',
      alarm: { name: notice.alarmName, reason: notice.reason },
      version: 1,
    });
    expect(i.timeline).toEqual([
      { at: notice.at, by: 'cloudwatch', kind: 'ALARM', note: notice.reason },
    ]);
    expect(runbookOf('no runbook here')).toBeUndefined();
    expect(classify('reconciliation-breaks')).toBe('SEV1');
    expect(classify(undefined)).toBe('SEV3');
    expect(alarmAgain(i, { ...notice, at: at(5) }).timeline).toHaveLength(2);
  });

  it('M4.4-a M6.4-a moves forward only, stamps who and when, and closes only with a post-mortem naming owners', () => {
    let i: Incident = openFromAlarm(notice, 'INC-20261129-00000001');
    i = applyIncidentAction(i, { action: 'ACKNOWLEDGE' }, 'staff.risk-officer', at(10));
    expect(() => applyIncidentAction(i, { action: 'ACKNOWLEDGE' }, 'x', at(11))).toThrow(
      IncidentActionRefused,
    );
    const postMortem = {
      cause: 'provider timeout',
      impact: '12 payouts late by 40 minutes',
      actions: [{ action: 'add a circuit breaker', owner: 'payments team', due: '2026-12-15' }],
    };
    expect(() => applyIncidentAction(i, { action: 'CLOSE', postMortem }, 'x', at(12))).toThrow(
      /resolved/,
    );
    i = applyIncidentAction(i, { action: 'RESOLVE', note: 'redriven' }, 'staff.admin', at(100));
    expect(() =>
      applyIncidentAction(
        i,
        { action: 'CLOSE', postMortem: { ...postMortem, actions: [] } },
        'x',
        at(101),
      ),
    ).toThrow(/owner/);
    i = applyIncidentAction(i, { action: 'CLOSE', postMortem }, 'staff.admin', at(200));
    expect(i).toMatchObject({
      status: 'CLOSED',
      acknowledgedAt: at(10),
      resolvedAt: at(100),
      closedAt: at(200),
      postMortem,
      version: 4,
    });
    expect(i.timeline.map((e) => [e.kind, e.by])).toEqual([
      ['ALARM', 'cloudwatch'],
      ['ACKNOWLEDGED', 'staff.risk-officer'],
      ['RESOLVED', 'staff.admin'],
      ['CLOSED', 'staff.admin'],
    ]);
    expect(() => applyIncidentAction(i, { action: 'COMMENT', note: 'late' }, 'x', at(300))).toThrow(
      /closed/,
    );
  });

  it('M6.4-a measures acknowledging and resolving against the severity targets; a running clock past its target is not met', () => {
    const i = openFromAlarm(notice, 'INC-20261129-00000001'); // SEV2: 30 min, 8 h
    expect(againstTargets(i, DEFAULT_TARGETS, new Date(at(20)))).toEqual({
      acknowledge: { minutes: null, targetMinutes: 30, met: null },
      resolve: { minutes: null, targetMinutes: 480, met: null },
    });
    expect(againstTargets(i, DEFAULT_TARGETS, new Date(at(31))).acknowledge.met).toBe(false);
    const done = applyIncidentAction(
      applyIncidentAction(i, { action: 'MITIGATE', note: 'switched provider' }, 'a', at(25)),
      { action: 'RESOLVE', note: 'ok' },
      'a',
      at(600),
    );
    expect(againstTargets(done, DEFAULT_TARGETS, new Date(at(700)))).toEqual({
      acknowledge: { minutes: 25, targetMinutes: 30, met: true },
      resolve: { minutes: 600, targetMinutes: 480, met: false },
    });
  });
});

describe('KMS throttling is counted (issue 12: the KMS throttling alarm)', () => {
  it('M6.4-a counts a throttled KMS request as Finplat/Operations KmsThrottles, and no other failure', async () => {
    const { kmsFailure, setLogSink } = await import('../../shared/platform');
    const lines: string[] = [];
    setLogSink((l) => lines.push(l));
    try {
      const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      expect(kmsFailure('Decrypt', throttled).message).toBe('KMS Decrypt failed');
      kmsFailure('Decrypt', Object.assign(new Error('no'), { name: 'AccessDeniedException' }));
    } finally {
      setLogSink(() => undefined);
    }
    const metrics = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(metrics).toHaveLength(1);
    expect(metrics[0]).toMatchObject({ KmsThrottles: 1 });
    expect(JSON.stringify(metrics[0])).toContain('Finplat/Operations');
  });
});
