// Synthesizes a stage in-process with the cdk-nag rule packs, as `cdk synth`
// does, and returns its templates (for tests and reports). Bundling is skipped unless asked.
// A stack's nested stacks (the API's route modules, ADR 0032) are read into its view: their
// resources join the parent's, each parameter replaced by the value the parent passes in.
import type { Stack } from 'aws-cdk-lib';
import { App, NestedStack, Validations } from 'aws-cdk-lib';
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
  Parameters?: Record<string, unknown>;
};

export interface SynthResult {
  /**
   * Each stack's view: its own template with its nested stacks' resources merged in (the Api
   * view holds every resource and method of the API, wherever it is deployed).
   */
  readonly templates: Record<
    'Monitoring' | 'Data' | 'Messaging' | 'Auth' | 'Functions' | 'Api',
    Template
  >;
  /**
   * Every template CloudFormation deploys, as it deploys it, by stack path (a nested stack's
   * is its parent's name and its own id: `Finplat-dev-Api/IdentityRoutes`): what the
   * 500-resource limit applies to.
   */
  readonly stacks: Record<string, Template>;
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
  const read = (file: string) =>
    JSON.parse(readFileSync(path.join(outdir, file), 'utf8')) as Template;
  const stacks: Record<string, Template> = {};
  const t = (s: Stack) => {
    const own = read(s.templateFile);
    stacks[s.stackName] = own;
    const nested = s.node
      .findAll()
      .filter((c): c is NestedStack => NestedStack.isNestedStack(c) && c.nestedStackParent === s);
    const view: Template = { ...own, Resources: { ...own.Resources } };
    for (const n of nested) {
      const template = read(n.templateFile);
      stacks[`${s.stackName}/${n.node.id}`] = template;
      if (!n.nestedStackResource) throw new Error(`${n.node.path}: no stack resource`);
      const resource = own.Resources[s.resolve(n.nestedStackResource.logicalId) as string];
      const parameters = (resource?.Properties?.Parameters ?? {}) as Record<string, unknown>;
      for (const [id, r] of Object.entries(template.Resources)) {
        if (view.Resources[id])
          throw new Error(`${n.node.path}: logical id ${id} twice in ${s.stackName}`);
        view.Resources[id] = substituteParameters(r, parameters);
      }
    }
    return view;
  };
  const result: SynthResult = {
    app,
    platform,
    stacks,
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

/** A nested stack's `{ Ref: parameter }` replaced by the value its parent passes in. */
function substituteParameters<T>(value: T, parameters: Record<string, unknown>): T {
  if (Array.isArray(value)) return value.map((v) => substituteParameters(v, parameters)) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first?.[0] === 'Ref' && typeof first[1] === 'string') {
    if (first[1] in parameters) return parameters[first[1]] as T;
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, substituteParameters(v, parameters)])) as T;
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
