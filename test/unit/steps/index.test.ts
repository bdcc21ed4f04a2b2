// The step sets of SLE 15 and SLE 16 targets: order, fatality, dependencies, and the snapshot before every change.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stepsFor } from '../../../entrypoint/steps/index.js';

test('SLE 15 targets get the SLE 15 steps, SLE 16 targets the SLE 16 set in the SPEC 5.0 order', () => {
  assert.equal(
    stepsFor(15).map((s) => s.id),
    ['btrfs-snapshot-pre', 'pre-checks-fix', 'prepare', 'product-setup', 'upgrade'],
  );
  assert.equal(
    stepsFor(16).map((s) => s.id),
    [
      'btrfs-snapshot-pre',
      'pre-checks-fix',
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
  for (const id of ['pre-checks-fix', 'prepare', 'setup-host-network', 'product-setup', 'upgrade'])
    assert.ok(byId[id]!.fatal, `${id} is fatal`);
  for (const id of ['apparmor-selinux', 'wicked-nm', 'pam', 'ha-cluster', 'btrfs-snapshot-post', 'grub-setup', 'regenerate-initrd']) {
    assert.not.ok(byId[id]!.fatal, `${id} is not fatal`);
    assert.ok(byId[id]!.needs?.includes('upgrade'), `${id} needs the upgrade`);
  }
  assert.equal(byId['regenerate-initrd']!.needs, ['upgrade', 'grub-setup']);
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
