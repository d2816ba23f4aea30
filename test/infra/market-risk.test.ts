// The market-risk service's resources (issue 13, M3.2-a; ADR 0026), on every stage's
// synthesized templates: its queue and DLQ under the operations key with the DLQ alarmed, the
// worker consuming it with partial-batch failures, the nightly schedule, and the stage's
// market-risk settings only on the two functions that price portfolios (Lambda's 4 KB).
import { describe, expect, it } from 'vitest';
import { loadStageConfig, STAGES } from '../../infra/config';
import { encryptionMap, functionGrants } from '../../infra/report/access';
import { resourcesOf, synthStage } from '../../infra/report/synth';
import { ENV } from '../../shared/platform';
import { marketRiskSettingsSchema } from '../../shared/settings';

describe.each(STAGES)('market risk in stage %s', (stage) => {
  const { templates } = synthStage(stage);

  it('M3.2-a the market-risk queue and its DLQ are under the operations key, the DLQ alarmed, and the worker consumes the queue reporting partial-batch failures', () => {
    const encryption = encryptionMap([templates.Data, templates.Messaging]);
    expect(encryption.find((e) => e.resource === 'queue:marketRisk')?.key).toBe('key:operations');
    expect(encryption.find((e) => e.resource === 'queue:marketRisk-dlq')?.key).toBe(
      'key:operations',
    );
    const queues = resourcesOf(templates.Messaging, 'AWS::SQS::Queue').filter(([id]) =>
      id.startsWith('MarketRisk'),
    );
    const main = queues.find(([id]) => id.startsWith('MarketRiskQueue'))?.[1];
    expect(main?.Properties).toMatchObject({
      VisibilityTimeout: 360,
      RedrivePolicy: { maxReceiveCount: 3 },
    });
    const alarms = resourcesOf(templates.Messaging, 'AWS::CloudWatch::Alarm').map(
      ([, a]) => a.Properties?.AlarmDescription as string,
    );
    expect(alarms).toContain(
      'Messages in the MarketRisk dead-letter queue. Runbook: docs/runbooks/dlq-depth.md',
    );
    const mappings = resourcesOf(templates.Functions, 'AWS::Lambda::EventSourceMapping').filter(
      ([id]) => id.includes('marketRiskWorker'),
    );
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.[1].Properties).toMatchObject({
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('M3.2-a the nightly run is scheduled daily, and only the two functions that price portfolios carry the market-risk settings, valid at load', () => {
    const rules = resourcesOf(templates.Functions, 'AWS::Events::Rule').filter(([id]) =>
      id.includes('opsMarketRisk'),
    );
    expect(rules.map(([, r]) => r.Properties?.ScheduleExpression)).toEqual(['rate(1 day)']);
    const withSettings = resourcesOf(templates.Functions, 'AWS::Lambda::Function')
      .filter(([, f]) => {
        const vars = (f.Properties?.Environment as { Variables?: Record<string, unknown> })
          ?.Variables;
        return vars?.[ENV.marketRiskSettings] !== undefined;
      })
      .map(([, f]) => {
        const raw = (f.Properties?.Environment as { Variables: Record<string, string> }).Variables[
          ENV.marketRiskSettings
        ] as string;
        expect(marketRiskSettingsSchema().safeParse(JSON.parse(raw)).success).toBe(true);
        expect(marketRiskSettingsSchema().parse(JSON.parse(raw))).toEqual(
          loadStageConfig(stage).marketRisk,
        );
        return String(f.Metadata?.['platform:function']);
      });
    expect(withSettings.sort()).toEqual(['marketRiskWorker', 'opsMarketRisk']);
  });

  it('M3.2-a the run and the worker may Scan the ledger table (to find the holdings) and write nothing there; only the risk table is written', () => {
    const grants = functionGrants(templates.Functions);
    for (const fn of ['marketRiskWorker', 'opsMarketRisk'])
      expect(
        [...(grants.get(fn) ?? [])].filter((x) => x.startsWith('Allow dynamodb:Scan')),
        fn,
      ).toEqual(['Allow dynamodb:Scan on table:ledger']);
    for (const fn of ['marketRiskWorker', 'opsMarketRisk']) {
      const writes = [...(grants.get(fn) ?? [])].filter((x) =>
        /dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)/.test(x),
      );
      expect(new Set(writes.map((x) => x.split(' on ')[1]))).toEqual(new Set(['table:risk']));
    }
  });
});

/**
 * The most a reference can resolve to: generated table names and user pool ids stay under 100
 * characters, key ARNs too, queue URLs under 160 (region, account, stack and logical id).
 */
const longest = (name: string, value: unknown) =>
  typeof value === 'string' ? value.length : name.endsWith('_QUEUE_URL') ? 160 : 100;

describe.each(STAGES)('function environments in stage %s', (stage) => {
  it("ADR 0026 every function's environment fits Lambda's 4 KB (keys and values, references at their longest): the reason market-risk settings go only where they are used", () => {
    const { Functions } = synthStage(stage).templates;
    const sizes = resourcesOf(Functions, 'AWS::Lambda::Function').map(([, f]) => {
      const vars =
        (f.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
          ?.Variables ?? {};
      const bytes = Object.entries(vars).reduce((a, [k, v]) => a + k.length + longest(k, v), 0);
      return [String(f.Metadata?.['platform:function']), bytes] as const;
    });
    expect(sizes.filter(([, bytes]) => bytes > 4096)).toEqual([]);
  });
});
