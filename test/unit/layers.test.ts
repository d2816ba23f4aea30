// The layer rule (eslint/layers.js): a deliberate violation of each kind fails lint, and
// the project's own code passes it.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import layers from '../../eslint/layers.js';

const eslint = new ESLint({
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser as never },
      plugins: { layers },
      rules: { 'layers/boundaries': 'error' },
    },
  ],
});

async function messages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.message);
}

describe('the layer rule', () => {
  it.each([
    [
      'shared/money/domain/fixture.ts',
      "import { LedgerRepo } from '../adapters/ledger-repo';",
      'domain imports no adapters',
    ],
    [
      'shared/money/domain/fixture.ts',
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      'domain code imports no AWS SDK',
    ],
    [
      'shared/investing/domain/fixture.ts',
      "import { logger } from '../../platform';",
      'imports nothing of the platform',
    ],
    [
      'shared/money/flows/fixture.ts',
      "import { problemOf } from '../../platform/http';",
      'imports no http edge',
    ],
    [
      'shared/identity/adapters/fixture.ts',
      "import { problemOf } from '../../platform/http/errors';",
      'through its public entry',
    ],
    [
      'shared/investing/flows/fixture.ts',
      "import { LedgerRepo } from '../../money/adapters/ledger-repo';",
      'import shared/money through its public entry',
    ],
    [
      'functions/money/fixture.ts',
      "import { transfer } from '../../shared/money/flows/money';",
      'import shared/money through its public entry',
    ],
    [
      'shared/platform/fixture.ts',
      "import { transfer } from '../money';",
      'platform depends on no business module',
    ],
    [
      'shared/money/flows/fixture.ts',
      "import { ROUTES } from '../../../functions/routes';",
      'shared code does not import the functions',
    ],
  ])('refuses %s: %s', async (file, code, reason) => {
    const found = await messages(file, code);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(reason);
  });

  it('lets the allowed directions through', async () => {
    expect(
      await messages('shared/investing/flows/fixture.ts', "import { once } from '../../money';"),
    ).toEqual([]);
    expect(
      await messages(
        'shared/money/flows/fixture.ts',
        "import { journals } from '../domain/ledger';",
      ),
    ).toEqual([]);
    expect(
      await messages(
        'functions/money/fixture.ts',
        "import { serve } from '../http';\nimport { httpRoute } from '../../shared/platform/http';",
      ),
    ).toEqual([]);
  });

  it('holds for the whole of functions/ and shared/', async () => {
    const results = await eslint.lintFiles(['functions/**/*.ts', 'shared/**/*.ts']);
    const problems = results.flatMap((r) =>
      r.messages.map(
        (m) => `${r.filePath.replace(process.cwd() + '/', '')}:${m.line} ${m.message}`,
      ),
    );
    expect(results.length).toBeGreaterThan(80);
    expect(problems).toEqual([]);
  }, 60_000);
});
