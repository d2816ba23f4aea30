// How every function is bundled (esbuild through NodejsFunction): one ESM file for
// Node.js 22, minified, with source maps, in UTF-8; the AWS SDK v3 comes from the Lambda runtime.
// The bundle-size budget test and the benchmark build with these same options.
export const BUNDLING = {
  format: 'esm',
  target: 'node22',
  platform: 'node',
  minify: true,
  sourceMap: true,
  mainFields: ['module', 'main'],
  externalModules: ['@aws-sdk/*'],
  /**
   * Non-ASCII characters written as UTF-8, not escaped: the screening character table
   * (ADR 0031) is 140 KB escaped and 75 KB in UTF-8, which is what lets `register` screen.
   */
  charset: 'utf8',
  banner:
    "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
} as const;

/** Largest bundle (minified bytes of index.mjs) a function may ship. */
export const BUNDLE_BUDGET = {
  /** Functions that encrypt or decrypt PII carry the AWS Encryption SDK. */
  withEncryptionSdk: 600 * 1024,
  other: 250 * 1024,
  /**
   * The API description (`openapi`) carries every route's schemas, so it grows with the API;
   * it is public, cached after its first answer, and on no customer's path.
   */
  apiDocument: 500 * 1024,
} as const;
