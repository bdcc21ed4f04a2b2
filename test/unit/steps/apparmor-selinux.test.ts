// apparmor-selinux: the security=apparmor kernel parameter becomes security=selinux.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { switchLsmParameter } from '../../../entrypoint/steps/apparmor-selinux.js';

test('security=apparmor becomes security=selinux, word-bounded', () => {
  assert.equal(switchLsmParameter('GRUB_CMDLINE_LINUX_DEFAULT="quiet security=apparmor splash"\nX="security=apparmor"\n'), {
    text: 'GRUB_CMDLINE_LINUX_DEFAULT="quiet security=selinux splash"\nX="security=selinux"\n',
    count: 2,
  });
  const other = 'A="nosecurity=apparmor security=apparmor2"\n';
  assert.equal(switchLsmParameter(other), { text: other, count: 0 });
});

test.run();
