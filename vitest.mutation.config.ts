// The unit tests alone, for mutation testing (stryker.config.mjs): no local platform.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    // The API document's and the lint rule's checks test no domain rule (and read files
    // the sandbox copies differently).
    exclude: [
      'test/unit/openapi*.test.ts',
      'test/unit/contract.test.ts',
      'test/unit/layers.test.ts',
      'test/unit/event-pattern.test.ts',
    ],
    testTimeout: 30_000,
    pool: 'forks',
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', FINPLAT_UNIT_ONLY: '1' },
  },
});
