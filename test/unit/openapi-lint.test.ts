// The API document passes two mainstream OpenAPI linters as client teams run them:
// Redocly's `recommended` ruleset and Spectral's `oas` ruleset. Errors fail the build; the
// warnings left are listed here, each with its reason.
import { readFileSync } from 'node:fs';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import spectralCore from '@stoplight/spectral-core';
import Parsers from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { describe, expect, it } from 'vitest';

const FILE = new URL('../../docs/api/openapi.json', import.meta.url);
const source = readFileSync(FILE, 'utf8');

/** Warnings accepted, by rule, with the reason. */
const ACCEPTED_WARNINGS: Record<string, string> = {
  'info-license':
    'the repository declares no licence yet; choosing one is the maintainers’ decision, and the document will name it then',
};

async function redocly(text: string) {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({ source: text, absoluteRef: FILE.pathname, config });
  return problems.map((p) => ({ severity: p.severity, rule: p.ruleId, message: p.message }));
}

async function spectral(text: string) {
  const { Spectral, Document } = spectralCore;
  const s = new Spectral();
  s.setRuleset({ extends: [[oas as never, 'recommended']] } as never);
  const results = await s.run(new Document(text, Parsers.Json, FILE.pathname));
  return results.map((r) => ({
    severity: r.severity,
    rule: String(r.code),
    path: r.path.join('.'),
  }));
}

describe('the API document under OpenAPI linters', () => {
  it("has no errors under Redocly's recommended rules, and only the accepted warnings", async () => {
    const problems = await redocly(source);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect([...new Set(problems.map((p) => p.rule))].sort()).toEqual(
      Object.keys(ACCEPTED_WARNINGS).sort(),
    );
  });

  it("has no errors or warnings under Spectral's oas rules", async () => {
    expect(await spectral(source)).toEqual([]);
  });

  it('catches a broken document (the linters run for real)', async () => {
    const doc = JSON.parse(source) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const op = doc.paths['/v1/transfers']?.post ?? {};
    delete op.operationId;
    op.tags = ['Undeclared'];
    const broken = JSON.stringify(doc);
    expect((await redocly(broken)).map((p) => p.rule)).toContain('operation-operationId');
    expect((await spectral(broken)).map((r) => r.rule)).toEqual(
      expect.arrayContaining(['operation-operationId', 'operation-tag-defined']),
    );
  }, 30_000);
});
