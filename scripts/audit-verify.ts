// npm run audit:verify -- [--day YYYY-MM-DD] [--table NAME]
// Proves a day's PII-access audit trail: each of the day's hash chains is read and checked
// link by link; a changed, inserted or removed record is named with its chain and place.
// Exit code 1 when any chain is broken. Against AWS with the usual credentials and
// --table; against the local runtime with AWS_ENDPOINT_URL set to the emulator `npm start`
// printed (the table is then found by name).
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { parseArgs } from 'node:util';
import { AuditLog, verifyAuditDay } from '../shared/identity';

const { values } = parseArgs({
  options: { day: { type: 'string' }, table: { type: 'string' } },
});
const day = values.day ?? new Date().toISOString().slice(0, 10);
if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`--day ${day}: expected YYYY-MM-DD`);

async function auditTable(): Promise<string> {
  if (values.table) return values.table;
  const names: string[] = [];
  let start: string | undefined;
  const ddb = new DynamoDBClient({});
  do {
    const out = await ddb.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    names.push(...(out.TableNames ?? []));
    start = out.LastEvaluatedTableName;
  } while (start);
  const found = names.filter((n) => n.includes('AuditTable'));
  if (found.length !== 1)
    throw new Error(`name the audit table with --table (found: ${found.join(', ') || 'none'})`);
  return found[0]!;
}

const table = await auditTable();
const results = await verifyAuditDay(day, new AuditLog(table));
let broken = 0;
for (const { chain, check } of results) {
  if (check.ok) {
    console.log(`${chain}  ${check.records} records  OK  head ${check.head.slice(0, 16)}`);
  } else {
    broken++;
    console.log(`${chain}  BROKEN at record ${check.seq} of ${check.records}: ${check.reason}`);
  }
}
console.log(
  broken
    ? `${broken} chain(s) broken on ${day} (${table})`
    : `every chain of ${day} holds (${table})`,
);
process.exitCode = broken ? 1 : 0;
