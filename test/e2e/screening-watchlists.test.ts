// AML watch lists over HTTP (issue 14, M1-c; docs/aml-screening.md): a compliance officer
// uploads the shipped sample list (fictional entries) as a version; the same file again is
// the same version; a file with bad rows is refused whole with each problem (line, field,
// reason) and stores nothing; staff read the versions; other staff may not upload.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, staffToken } from '../support/http';
import { SAMPLE_WATCHLIST as SAMPLE } from '../support/screening';

const upload = (listId: string, token: string, csv: string) =>
  api('POST', `/v1/ops/compliance/watchlists/${listId}/versions`, {
    token,
    body: { csv },
    headers: { 'idempotency-key': randomUUID() },
  });

describe('M1-c watch lists loaded from files, as versions', () => {
  let compliance: string;
  let risk: string;
  beforeAll(async () => {
    [compliance, risk] = await Promise.all([
      staffToken('compliance-officer'),
      staffToken('risk-officer'),
    ]);
  }, 60_000);

  it('M1-c stores the sample list as version 1, the same file again as the same version, a changed file as version 2', async () => {
    const listId = `sample-${randomUUID().slice(0, 8)}`;
    const first = await upload(listId, compliance, SAMPLE);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      listId,
      version: 1,
      created: true,
      report: { entries: 10, names: 25, idNumbers: 3, people: 9, organisations: 1 },
    });
    const again = await upload(listId, compliance, SAMPLE);
    expect(again.body).toMatchObject({ version: 1, created: false, sha256: first.body.sha256 });
    const changed = SAMPLE.split('\n').slice(0, -2).join('\n'); // the last entry removed
    const second = await upload(listId, compliance, changed);
    expect(second.body).toMatchObject({ version: 2, created: true, report: { entries: 9 } });
    const read = await api('GET', `/v1/ops/compliance/watchlists/${listId}`, { token: risk });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ listId, current: 2 });
    expect((read.body.versions as { version: number }[]).map((v) => v.version)).toEqual([2, 1]);
  });

  it('M1-c refuses a file with bad rows whole (422, each problem by line, field and reason), storing nothing', async () => {
    const listId = `bad-${randomUUID().slice(0, 8)}`;
    const csv = `${SAMPLE.trimEnd()}\nSAMPLE-0001,PERSON,Someone,,P,,\nSAMPLE-0011,ROBOT,Someone Else,,P,2026-02-30,\n`;
    const refused = await upload(listId, compliance, csv);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'WATCHLIST_FILE_REJECTED',
      errorCount: 3,
      errors: [
        { line: 12, field: 'entry_id', reason: 'repeats the entry of line 2' },
        { line: 13, field: 'kind', reason: 'must be PERSON or ORGANISATION' },
        { line: 13, field: 'listed_on', reason: 'must be a date YYYY-MM-DD' },
      ],
    });
    const read = await api('GET', `/v1/ops/compliance/watchlists/${listId}`, { token: compliance });
    expect(read.status).toBe(404);
    expect(read.body).toMatchObject({ code: 'WATCHLIST_NOT_FOUND' });
  });

  it('lets only compliance officers upload', async () => {
    const refused = await upload(`x-${randomUUID().slice(0, 8)}`, risk, SAMPLE);
    expect(refused.status).toBe(403);
  });
});
