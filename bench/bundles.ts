// Benchmark: each function's deployment bundle (minified bytes) and the median time to
// load it in a fresh Node.js process (5 processes each), beside an empty handler built and
// timed the same way in the same run. Loading resolves the AWS SDK from node_modules, as
// the Lambda runtime provides it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FUNCTIONS, type FunctionName } from '../functions/catalog';
import { bundle, bundleSizes } from '../infra/bundle-sizes';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, '.bench', 'bundles');

/** Median milliseconds to import the module in a fresh process, over `runs` processes. */
function loadMs(file: string, runs = 5): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`,
      ],
      { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } },
    );
    times.push(Number(out.toString()));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? NaN;
}

export interface BundleRow {
  readonly fn: string;
  readonly bytes: number;
  readonly budget: number;
  readonly encryptionSdk: boolean;
  readonly loadMs: number;
}

export async function benchBundles(): Promise<BundleRow[]> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const emptyEntry = path.join(OUT, 'empty-handler.ts');
  writeFileSync(
    emptyEntry,
    'export const handler = async () => ({ statusCode: 200, body: "" });\n',
  );
  const empty = path.join(OUT, 'empty', 'index.mjs');
  const emptyOut = await bundle(path.relative(ROOT, emptyEntry), empty);
  const rows: BundleRow[] = [
    {
      fn: '(empty handler)',
      bytes: emptyOut.bytes,
      budget: 0,
      encryptionSdk: false,
      loadMs: loadMs(empty),
    },
  ];
  for (const size of await bundleSizes()) {
    const file = path.join(OUT, size.fn, 'index.mjs');
    await bundle(FUNCTIONS[size.fn as FunctionName].entry, file);
    rows.push({ ...size, loadMs: loadMs(file) });
  }
  return rows;
}
