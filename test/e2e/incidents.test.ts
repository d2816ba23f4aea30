// Incidents end to end (issue 12 emergency response; M4.4-a, M6.4-a; ADR 0019): the DLQ
// drill sets a dead-letter queue's alarm in the emulator and its notification opens an
// incident through the alarm topic's subscriber, as in AWS; a notification delivered again
// opens no second incident; staff work incidents to closing with a post-mortem.
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { describe, expect, inject, it } from 'vitest';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { runDrill, runRestoreDrill } from '../../infra/local/drill';
import { SEVERITY_BY_RUNBOOK } from '../../shared/risk';
import { api, staffToken } from '../support/http';

type IncidentOut = {
  incidentId: string;
  status: string;
  severity: string;
  version: number;
  timeline: { kind: string; by: string }[];
  alarm?: { name: string };
  code?: string;
};

const target = () => ({
  apiUrl: inject('apiUrl'),
  endpoint: inject('endpoint'),
  region: inject('region'),
});

describe('alarms open incidents (issue 12 emergency response)', () => {
  it('M4.4-a M6.4-a the DLQ drill opens an incident end to end: alarm, topic, intake, SEV2, acknowledged and resolved', async () => {
    const lines: string[] = [];
    const result = await runDrill(target(), 'dlq-depth', (l) => lines.push(l));
    expect(result.severity).toBe('SEV2');
    expect(lines).toHaveLength(6);
    const risk = await staffToken('risk-officer');
    const incident = await api<IncidentOut>('GET', `/v1/ops/incidents/${result.incidentId}`, {
      token: risk,
    });
    expect(incident.body).toMatchObject({ status: 'RESOLVED', alarm: { name: result.alarmName } });
    expect(incident.body.timeline.map((e) => [e.kind, e.by])).toEqual([
      ['ALARM', 'cloudwatch'],
      ['ACKNOWLEDGED', 'staff.risk-officer'],
      ['RESOLVED', 'staff.risk-officer'],
    ]);

    // A second drill of the same alarm opens a new incident (the first is resolved).
    const again = await runDrill(target(), 'dlq-depth', () => undefined, {
      alarmName: result.alarmName,
    });
    expect(again.incidentId).not.toBe(result.incidentId);
  });

  it('M4.4-a an alarm that fires again while its incident is open joins it; closing needs a post-mortem', async () => {
    const cw = new CloudWatchClient({
      endpoint: inject('endpoint'),
      region: inject('region'),
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const risk = await staffToken('risk-officer');
    const list = async () =>
      (
        await api<{ items: { incidentId: string; alarm?: string; status: string }[] }>(
          'GET',
          '/v1/ops/incidents',
          { token: risk },
        )
      ).body.items;
    // The settlement DLQ's alarm (the first drill above took the notifications DLQ's).
    const alarms = await cw.send(new DescribeAlarmsCommand({}));
    const name =
      alarms.MetricAlarms?.map((a) => a.AlarmName ?? '').find((n) =>
        n.includes('SettlementDlqDepth'),
      ) ?? '';
    expect(name).not.toBe('');
    // Fire, fire again, and wait for the intake.
    for (const reason of ['first', 'second']) {
      await cw.send(
        new SetAlarmStateCommand({ AlarmName: name, StateValue: 'OK', StateReason: 'x' }),
      );
      await new Promise((r) => setTimeout(r, 1_200));
      await cw.send(
        new SetAlarmStateCommand({ AlarmName: name, StateValue: 'ALARM', StateReason: reason }),
      );
      await new Promise((r) => setTimeout(r, 1_500));
    }
    const open = (await list()).filter((i) => i.alarm === name && i.status === 'OPEN');
    expect(open).toHaveLength(1);
    const id = open[0]?.incidentId ?? '';
    const read = await api<IncidentOut>('GET', `/v1/ops/incidents/${id}`, { token: risk });
    expect(read.body.timeline.filter((e) => e.kind === 'ALARM')).toHaveLength(2);

    const act = (body: Record<string, unknown>, token = risk) =>
      api<IncidentOut>('POST', `/v1/ops/incidents/${id}/actions`, { token, body });
    const agent = await staffToken('service-agent');
    expect((await act({ action: 'ACKNOWLEDGE', version: read.body.version }, agent)).status).toBe(
      403,
    );
    const closing = {
      action: 'CLOSE',
      postMortem: {
        cause: 'a drill',
        impact: 'none',
        actions: [{ action: 'none needed', owner: 'ops', due: '2026-12-31' }],
      },
    };
    const early = await act({ ...closing, version: read.body.version });
    expect([early.status, early.body.code]).toEqual([409, 'INCIDENT_STATE']);
    const stale = await act({ action: 'RESOLVE', note: 'x', version: read.body.version - 1 });
    expect([stale.status, stale.body.code]).toEqual([409, 'CONCURRENT_CHANGE']);
    const resolved = await act({ action: 'RESOLVE', note: 'fixed', version: read.body.version });
    expect(resolved.status).toBe(200);
    const noPlan = await act({
      action: 'CLOSE',
      version: resolved.body.version,
      postMortem: { cause: 'x', impact: 'y', actions: [] },
    });
    expect(noPlan.status).toBe(400);
    const closed = await act({ ...closing, version: resolved.body.version });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('CLOSED');
    await cw.send(
      new SetAlarmStateCommand({ AlarmName: name, StateValue: 'OK', StateReason: 'x' }),
    );
  });

  it("M4.4-a M6.4-a every runbook can be drilled locally: its alarm exists in the emulator and opens an incident at the runbook's severity", async () => {
    const runbooks = readdirSync(path.resolve(import.meta.dirname, '../../docs/runbooks'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => f.replace(/\.md$/, ''))
      .filter((r) => r !== 'dlq-depth'); // drilled above
    for (const runbook of runbooks) {
      const result = await runDrill(target(), runbook);
      expect(result.severity, runbook).toBe(SEVERITY_BY_RUNBOOK[runbook]);
    }
  }, 120_000);

  it('M6.2-a M6.4-a the restore drill restores the ledger to a point in time into a new table with the table key, and says what the emulator cannot do', async () => {
    const lines: string[] = [];
    const out = await runRestoreDrill(
      { endpoint: inject('endpoint'), region: inject('region') },
      inject('functionEnv').deposit?.LEDGER_TABLE ?? '',
      (l) => lines.push(l),
    );
    expect(lines).toHaveLength(6);
    expect(lines[4]).toMatch(/emulator ignores RestoreDateTime|as in AWS/);
    expect(out.restoredTable).toMatch(/-restore-\d+$/);
  });

  it('M4.4-a lets staff open an incident by hand, and keeps customers out (401)', async () => {
    const compliance = await staffToken('compliance-officer');
    const opened = await api<IncidentOut>('POST', '/v1/ops/incidents', {
      token: compliance,
      body: { title: 'Suspected data leak reported by a customer', severity: 'SEV1' },
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ severity: 'SEV1', status: 'OPEN' });
    expect(
      (await api('GET', '/v1/ops/incidents/INC-20261129-deadbeef', { token: compliance })).status,
    ).toBe(404);
  });
});
