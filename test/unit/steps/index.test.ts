import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stepsFor, targetMajor } from '../../../entrypoint/steps/index.js';
import { targetProduct } from '../../../entrypoint/steps/upgrade.js';
import { DEFAULTS } from '../../../entrypoint/config/schema.js';
import type { ProductFile } from '../../../entrypoint/system/products.js';

test('SLE 15 targets get the SLE 15 steps, SLE 16 targets the SLE 16 set in the SPEC 5.0 order', () => {
  assert.equal(
    stepsFor(15).map((s) => s.id),
    ['btrfs-snapshot-pre', 'prepare', 'product-setup', 'upgrade'],
  );
  assert.equal(
    stepsFor(16).map((s) => s.id),
    [
      'btrfs-snapshot-pre',
      'prepare',
      'setup-host-network',
      'product-setup',
      'upgrade',
      'apparmor-selinux',
      'wicked-nm',
      'pam',
      'ha-cluster',
      'btrfs-snapshot-post',
      'grub-setup',
      'regenerate-initrd',
    ],
  );
});

test('SLE 16: the preparing steps are fatal; the post-upgrade steps are not and need the upgrade; initrd needs grub-setup', () => {
  const byId = Object.fromEntries(stepsFor(16).map((s) => [s.id, s]));
  for (const id of ['prepare', 'setup-host-network', 'product-setup', 'upgrade']) assert.ok(byId[id]!.fatal, `${id} is fatal`);
  for (const id of ['apparmor-selinux', 'wicked-nm', 'pam', 'ha-cluster', 'btrfs-snapshot-post', 'grub-setup', 'regenerate-initrd']) {
    assert.not.ok(byId[id]!.fatal, `${id} is not fatal`);
    assert.ok(byId[id]!.needs?.includes('upgrade'), `${id} needs the upgrade`);
  }
  assert.equal(byId['regenerate-initrd']!.needs, ['upgrade', 'grub-setup']);
});

test("the target's VERSION_ID picks the step set and, with the base product, the target product (SPEC 5.1)", () => {
  assert.is(targetMajor('16.0'), 16);
  assert.is(targetMajor('15.7'), 15);
  assert.is(targetMajor(undefined), 15);
  assert.is(targetMajor('unknown'), 15);
  const baseProduct = { name: 'SLES', arch: 'x86_64', version: '15.7' } as ProductFile;
  assert.is(
    targetProduct({ config: DEFAULTS, state: { baseProduct, upgradeEnv: {} }, target: { VERSION_ID: '16.0' } }),
    'SLES/16.0/x86_64',
  );
});

test('every target starts with the pre-migration snapshot, before anything changes the host', () => {
  for (const major of [15, 16]) {
    const steps = stepsFor(major);
    assert.is(steps[0]?.id, 'btrfs-snapshot-pre');
    assert.ok(steps[0]?.beforeChanges);
    assert.not.ok(steps[0]?.fatal, 'a failed snapshot does not stop the migration (SPEC 5.0)');
  }
});

test('SLE 16 takes the post snapshot after the upgrade; SLE 15 has none', () => {
  const ids16 = stepsFor(16).map((s) => s.id);
  assert.ok(ids16.indexOf('btrfs-snapshot-post') > ids16.indexOf('upgrade'));
  assert.not.ok(stepsFor(15).some((s) => s.id === 'btrfs-snapshot-post'));
});

test.run();
