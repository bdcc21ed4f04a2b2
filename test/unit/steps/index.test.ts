import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stepsFor } from '../../../entrypoint/steps/index.js';

test('SLE 15 targets get the SLE 15 steps, SLE 16 targets the SLE 16 set in the SPEC 5.0 order', () => {
  assert.equal(stepsFor(15).map((s) => s.id), ['prepare', 'product-setup', 'upgrade']);
  assert.equal(stepsFor(16).map((s) => s.id), ['prepare', 'setup-host-network', 'product-setup', 'upgrade', 'apparmor-selinux',
    'wicked-nm', 'pam', 'ha-cluster', 'grub-setup', 'regenerate-initrd']);
});

test('SLE 16: the preparing steps are fatal; the post-upgrade steps are not and need the upgrade; initrd needs grub-setup', () => {
  const byId = Object.fromEntries(stepsFor(16).map((s) => [s.id, s]));
  for (const id of ['prepare', 'setup-host-network', 'product-setup', 'upgrade']) assert.ok(byId[id]!.fatal, `${id} is fatal`);
  for (const id of ['apparmor-selinux', 'wicked-nm', 'pam', 'ha-cluster', 'grub-setup', 'regenerate-initrd']) {
    assert.not.ok(byId[id]!.fatal, `${id} is not fatal`);
    assert.ok(byId[id]!.needs?.includes('upgrade'), `${id} needs the upgrade`);
  }
  assert.equal(byId['regenerate-initrd']!.needs, ['upgrade', 'grub-setup']);
});

test.run();
