// PAM consolidation: split pam_unix modules become pam_unix.so, look-alikes stay.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { consolidatePamUnix, usesSplitPamUnix } from '../../../entrypoint/system/pam.js';

test('each split pam_unix module becomes pam_unix.so, arguments and other modules untouched', () => {
  const before = [
    'auth\trequired\tpam_env.so',
    'auth\trequired\tpam_unix_auth.so\ttry_first_pass',
    'account required pam_unix_acct.so try_first_pass',
    'password [success=1 default=ignore] pam_unix_passwd.so use_authtok nullok shadow',
    'session optional /lib64/security/pam_unix_session.so',
    '',
  ].join('\n');
  const { text, count } = consolidatePamUnix(before);
  assert.is(count, 4);
  assert.is(
    text,
    [
      'auth\trequired\tpam_env.so',
      'auth\trequired\tpam_unix.so\ttry_first_pass',
      'account required pam_unix.so try_first_pass',
      'password [success=1 default=ignore] pam_unix.so use_authtok nullok shadow',
      'session optional /lib64/security/pam_unix.so',
      '',
    ].join('\n'),
  );
});

test('pam_unix.so, pam_unix2.so and look-alikes are left alone', () => {
  const text =
    'auth required pam_unix.so\nauth required pam_unix2.so\nauth required pam_unix_authx.so\nauth required my_pam_unix_auth.so\n';
  assert.equal(consolidatePamUnix(text), { text, count: 0 });
  assert.not.ok(usesSplitPamUnix(text));
  assert.ok(usesSplitPamUnix('session required pam_unix_session.so\n'));
  // The global regex keeps no state between calls.
  assert.ok(usesSplitPamUnix('session required pam_unix_session.so\n'));
});

test.run();
