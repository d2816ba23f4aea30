// Alarms and runbooks (M4.4-a, M6.4-a; issue 12, "every alarm has exactly one runbook and
// every runbook its alarm"): in every stage each alarm's description names one runbook that
// exists, and each runbook under docs/runbooks/ is named by some alarm. Procedures that no
// alarm starts (a key rotation) live under docs/procedures/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAGES } from '../../infra/config';
import { resourcesOf, synthStage } from '../../infra/report/synth';
import { SEVERITY_BY_RUNBOOK } from '../../shared/risk';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RUNBOOK = /Runbook: (docs\/runbooks\/[\w-]+\.md)/g;

describe('alarms and runbooks (M4.4-a, M6.4-a)', () => {
  const named = new Set<string>();

  it.each(STAGES)(
    'M4.4-a M6.4-a every alarm of stage %s names exactly one runbook, which exists',
    (stage) => {
      const { templates } = synthStage(stage);
      const alarms = Object.values(templates).flatMap((t) =>
        resourcesOf(t, 'AWS::CloudWatch::Alarm'),
      );
      expect(alarms.length).toBeGreaterThan(10);
      for (const [id, a] of alarms) {
        const description = JSON.stringify(
          (a.Properties as { AlarmDescription?: unknown }).AlarmDescription ?? '',
        );
        const runbooks = [...description.matchAll(RUNBOOK)].map((m) => m[1]!);
        expect(runbooks, `${stage} ${id}`).toHaveLength(1);
        expect(existsSync(path.join(ROOT, runbooks[0]!)), runbooks[0]).toBe(true);
        named.add(runbooks[0]!);
      }
    },
  );

  it('M4.4-a M6.4-a every runbook is named by an alarm', () => {
    for (const stage of STAGES)
      for (const t of Object.values(synthStage(stage).templates))
        for (const [, a] of resourcesOf(t, 'AWS::CloudWatch::Alarm'))
          for (const m of JSON.stringify(
            (a.Properties as { AlarmDescription?: unknown }).AlarmDescription ?? '',
          ).matchAll(RUNBOOK))
            named.add(m[1]!);
    const files = readdirSync(path.join(ROOT, 'docs/runbooks')).map((f) => `docs/runbooks/${f}`);
    expect(files.filter((f) => !named.has(f))).toEqual([]);
  });
});

describe('incident classification (M4.4-a, M6.4-a; ADR 0019)', () => {
  it('M4.4-a gives every runbook a severity, stated in the runbook the same as the intake applies it', () => {
    const runbooks = readdirSync(path.join(ROOT, 'docs/runbooks'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => f.replace(/\.md$/, ''))
      .sort();
    expect(Object.keys(SEVERITY_BY_RUNBOOK).sort()).toEqual(runbooks);
    for (const r of runbooks) {
      const text = readFileSync(path.join(ROOT, 'docs/runbooks', `${r}.md`), 'utf8');
      expect(/Incident severity: (SEV\d)/.exec(text)?.[1], r).toBe(SEVERITY_BY_RUNBOOK[r]);
    }
  });
});
