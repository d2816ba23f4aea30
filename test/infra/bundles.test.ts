// Each function ships only what its own code reaches: every bundle within its budget, and
// the AWS Encryption SDK only in the functions that encrypt or decrypt PII. Sizes are
// stable, so they are tested; load times vary with the machine, so `npm run bench` prints them.
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/catalog';
import { bundleSizes, type BundleSize } from '../../infra/bundle-sizes';
import { BUNDLE_BUDGET } from '../../infra/constructs/bundling';

describe('function bundles', () => {
  let sizes: BundleSize[] = [];
  it('bundles every function of the catalog', async () => {
    sizes = await bundleSizes();
    expect(sizes.map((s) => s.fn).sort()).toEqual(Object.keys(FUNCTIONS).sort());
  }, 120_000);

  it('keeps every bundle within its budget (250 KB, 600 KB with the Encryption SDK, 500 KB for the API description)', () => {
    expect(sizes.length).toBeGreaterThan(0);
    const over = sizes
      .filter((s) => s.bytes > s.budget)
      .map((s) => `${s.fn}: ${s.bytes} > ${s.budget}`);
    expect(over).toEqual([]);
    expect(BUNDLE_BUDGET).toEqual({
      withEncryptionSdk: 600 * 1024,
      other: 250 * 1024,
      apiDocument: 500 * 1024,
    });
  });

  it('M2.5-a carries the Encryption SDK only where PII (or an SMS code) is sealed or opened', () => {
    expect(
      sizes
        .filter((s) => s.encryptionSdk)
        .map((s) => s.fn)
        .sort(),
    ).toEqual(['customerDataRights', 'notifier', 'register', 'resendCode']);
  });
});
