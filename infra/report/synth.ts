// Synthesizes a stage in-process with the cdk-nag rule packs, as `cdk synth`
// does, and returns its templates (for tests and reports). Bundling is skipped unless asked.
import { App, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { addRulePacks } from '../constructs/compliance';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadStageConfig, type Stage } from '../config';
import { cdkContext } from '../local/synth';
import { buildPlatform, type Platform } from '../platform';

export type Template = {
  Resources: Record<
    string,
    {
      Type: string;
      Properties?: Record<string, unknown>;
      Metadata?: Record<string, unknown>;
      DeletionPolicy?: string;
      UpdateReplacePolicy?: string;
    }
  >;
  Outputs?: Record<string, unknown>;
};

export interface SynthResult {
  readonly templates: Record<
    'Monitoring' | 'Data' | 'Messaging' | 'Auth' | 'Functions' | 'Api',
    Template
  >;
  readonly platform: Platform;
  readonly app: App;
}

const cache = new Map<string, SynthResult>();

export function synthStage(stage: Stage, opts: { bundle?: boolean } = {}): SynthResult {
  const key = `${stage}:${opts.bundle ?? false}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const outdir = mkdtempSync(path.join(tmpdir(), `finplat-${stage}-`));
  const app = new App({
    outdir,
    context: {
      ...cdkContext(),
      env: stage,
      ...(opts.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const platform = buildPlatform(app, loadStageConfig(stage));
  addRulePacks(app);
  try {
    app.synth();
  } catch (error) {
    const report = path.join(outdir, 'validation-report.json');
    const detail = existsSync(report) ? readFileSync(report, 'utf8').slice(0, 8000) : '';
    throw new Error(`${stage}: ${(error as Error).message}\n${detail}`, { cause: error });
  }
  const t = (s: { stackName: string }) =>
    JSON.parse(readFileSync(path.join(outdir, `${s.stackName}.template.json`), 'utf8')) as Template;
  const result: SynthResult = {
    app,
    platform,
    templates: {
      Monitoring: t(platform.monitoring),
      Data: t(platform.data),
      Messaging: t(platform.messaging),
      Auth: t(platform.auth),
      Functions: t(platform.functions),
      Api: t(platform.api),
    },
  };
  cache.set(key, result);
  return result;
}

export function resourcesOf(t: Template, type: string) {
  return Object.entries(t.Resources).filter(([, r]) => r.Type === type);
}

export interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

/** Every cdk-nag acknowledgement in a construct tree, with its reason. */
export function acknowledgements(root: IConstruct): Acknowledgement[] {
  const out: Acknowledgement[] = [];
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        out.push({ path: c.node.path, id, reason });
      }
    }
  }
  return out;
}
