// Synthesizes the local stage in-process (no asset bundling: functions run in-process).
import { App } from 'aws-cdk-lib';
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadStageConfig, type StageConfig } from '../config';
import { buildPlatform, stackName } from '../platform';
import type { Template } from './deployer';

const ROOT = path.resolve(import.meta.dirname, '../..');

export function cdkContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export interface LocalAssembly {
  readonly config: StageConfig;
  template(part: string): Template;
}

export function synthLocal(): LocalAssembly {
  const config = loadStageConfig('local');
  const app = new App({
    outdir: mkdtempSync(path.join(tmpdir(), 'finplat-cdk-')),
    context: { ...cdkContext(), env: 'local', 'aws:cdk:bundling-stacks': [] },
  });
  buildPlatform(app, config);
  const assembly = app.synth();
  return {
    config,
    template: (part) => assembly.getStackByName(stackName(config, part)).template as Template,
  };
}
