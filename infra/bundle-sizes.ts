// Builds every function of the catalog as its deployment bundle (infra/constructs/bundling.ts)
// and reports each bundle's size and whether it carries the AWS Encryption SDK. Used by
// the bundle budget test and by `npm run bench`.
import { build } from 'esbuild';
import path from 'node:path';
import { FUNCTIONS, type FunctionName } from '../functions/catalog';
import { BUNDLE_BUDGET, BUNDLING } from './constructs/bundling';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface BundleSize {
  readonly fn: FunctionName;
  readonly bytes: number;
  readonly encryptionSdk: boolean;
  readonly budget: number;
  /** The largest inputs, by package or source folder, in bytes. */
  readonly largest: readonly [string, number][];
}

/** Bundles one entry; writes it to `outfile` when given (to time its loading). */
export async function bundle(entry: string, outfile?: string) {
  const result = await build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    platform: BUNDLING.platform,
    format: BUNDLING.format,
    target: BUNDLING.target,
    minify: BUNDLING.minify,
    mainFields: [...BUNDLING.mainFields],
    external: [...BUNDLING.externalModules],
    banner: { js: BUNDLING.banner },
    charset: BUNDLING.charset,
    metafile: true,
    write: outfile !== undefined,
    outfile: outfile ?? path.join(ROOT, '.bundle.mjs'),
    logLevel: 'error',
  });
  const output =
    Object.values(result.metafile.outputs).find((o) => o.entryPoint) ??
    Object.values(result.metafile.outputs)[0];
  if (!output) throw new Error(`no output for ${entry}`);
  return output;
}

export async function bundleSizes(): Promise<BundleSize[]> {
  const out: BundleSize[] = [];
  for (const [fn, spec] of Object.entries(FUNCTIONS) as [FunctionName, { entry: string }][]) {
    const output = await bundle(spec.entry);
    const byPart = new Map<string, number>();
    for (const [file, input] of Object.entries(output.inputs)) {
      const part =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ??
        file.split('/').slice(0, 2).join('/');
      byPart.set(part, (byPart.get(part) ?? 0) + input.bytesInOutput);
    }
    const encryptionSdk = [...byPart.keys()].some(
      (k) => k.startsWith('@aws-crypto/client-node') || k === '@aws-crypto/material-management',
    );
    out.push({
      fn,
      bytes: output.bytes,
      encryptionSdk,
      budget:
        fn === 'openapi'
          ? BUNDLE_BUDGET.apiDocument
          : encryptionSdk
            ? BUNDLE_BUDGET.withEncryptionSdk
            : BUNDLE_BUDGET.other,
      largest: [...byPart].sort((a, b) => b[1] - a[1]).slice(0, 4),
    });
  }
  return out;
}
