import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULTS } from '../../../entrypoint/config/schema.js';
import { StepError } from '../../../entrypoint/errors.js';
import { singleRpmTransEnv, targetProduct } from '../../../entrypoint/steps/upgrade.js';
import type { ProductFile } from '../../../entrypoint/system/products.js';

test('migration.single_rpmtrans=true or 1 (any case) turns both zypp switches on, anything else off', () => {
  for (const cmdline of ['BOOT_IMAGE=/vmlinuz migration.single_rpmtrans=1 quiet', 'migration.single_rpmtrans=TRUE']) {
    assert.equal(singleRpmTransEnv(cmdline), { ZYPP_SINGLE_RPMTRANS: '1', ZYPP_NO_USRMERGE_PROTECT: '1' }, cmdline);
  }
  for (const cmdline of ['', 'migration.single_rpmtrans=0', 'migration.single_rpmtrans=yes', 'xmigration.single_rpmtrans=1']) {
    assert.equal(singleRpmTransEnv(cmdline), { ZYPP_SINGLE_RPMTRANS: '0', ZYPP_NO_USRMERGE_PROTECT: '0' }, cmdline);
  }
});

const base = { name: 'SLES', arch: 'x86_64' } as ProductFile;

test('the target product: the configured one, else base product name / image VERSION_ID / arch', () => {
  assert.is(
    targetProduct({
      config: { ...DEFAULTS, migration_product: 'SLES_SAP/16.0/ppc64le' },
      state: { upgradeEnv: {}, baseProduct: base },
      target: { VERSION_ID: '16.0' },
    }),
    'SLES_SAP/16.0/ppc64le',
  );
  assert.is(
    targetProduct({ config: DEFAULTS, state: { upgradeEnv: {}, baseProduct: base }, target: { VERSION_ID: '16.0' } }),
    'SLES/16.0/x86_64',
  );
});

test('a missing part of the detected product is the SPEC error with a hint', () => {
  for (const [baseProduct, version] of [
    [undefined, '15.7'],
    [base, undefined],
    [{ ...base, arch: '' } as ProductFile, '15.7'],
  ] as const) {
    try {
      targetProduct({
        config: DEFAULTS,
        state: { upgradeEnv: {}, ...(baseProduct ? { baseProduct } : {}) },
        target: version ? { VERSION_ID: version } : {},
      });
      assert.unreachable('must throw');
    } catch (err) {
      assert.instance(err, StepError);
      assert.is((err as Error).message, 'Migration product not found, aborting migration attempt.');
      assert.match((err as StepError).hint ?? '', /--product/);
    }
  }
});

test.run();
