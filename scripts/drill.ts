process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// npm run drill -- <runbook>: runs the runbook's alarm drill on a local platform of its own
// (emulator, stacks, API), printing each step (infra/local/drill.ts). With FINPLAT_API_URL
// and AWS_ENDPOINT_URL set, it drills the running local platform instead (`npm start`
// prints both).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { startLocalPlatform } from '../infra/local/platform';
import { runDrill, runRestoreDrill } from '../infra/local/drill';
import { setLogSink } from '../shared/platform/logger';

const runbooks = readdirSync(path.join(import.meta.dirname, '../docs/runbooks'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => f.replace(/\.md$/, ''));
const runbook = process.argv[2] ?? '';
if (!runbooks.includes(runbook) && runbook !== 'restore') {
  console.error(
    `usage: npm run drill -- <runbook> | restore [table]\nrunbooks: ${runbooks.join(', ')}`,
  );
  process.exit(2);
}

const api = process.env.FINPLAT_API_URL;
const endpoint = process.env.AWS_ENDPOINT_URL;
setLogSink(() => undefined);
const platform =
  api && endpoint ? undefined : await startLocalPlatform({ port: 0, env: { ...process.env } });
try {
  if (runbook === 'restore') {
    // The ledger table by default (docs/procedures/restore-a-table.md).
    const table =
      process.argv[3] ??
      platform?.functions.get('deposit')?.environment.LEDGER_TABLE ??
      process.env.LEDGER_TABLE ??
      '';
    const out = await runRestoreDrill(
      { endpoint: endpoint ?? platform?.endpoint ?? '', region: platform?.region ?? 'us-east-1' },
      table,
      (line) => console.log(line),
    );
    console.log(`restore drill passed: ${out.restoredTable}`);
    process.exit(0);
  }
  const result = await runDrill(
    {
      apiUrl: api ?? platform?.apiUrl ?? '',
      endpoint: endpoint ?? platform?.endpoint ?? '',
      region: platform?.region ?? process.env.AWS_REGION ?? 'us-east-1',
    },
    runbook,
    (line) => console.log(line),
  );
  console.log(`drill passed: ${result.alarmName} opened ${result.incidentId} (${result.severity})`);
} catch (error) {
  console.error(`drill failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await platform?.stop();
}
