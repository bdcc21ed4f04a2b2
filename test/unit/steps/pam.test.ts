// pam: the step applies only when a regular PAM file uses a split pam_unix module.
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pam } from '../../../entrypoint/steps/pam.js';
import { stepContext } from '../../helpers/step-context.js';

test('pam applies only when a regular file in /etc/pam.d uses a split pam_unix module', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'dms-pam-'));
  const ctx = stepContext(root);
  assert.match(
    String(await pam.skipReason!(ctx)),
    /no file in \/etc\/pam\.d uses pam_unix_auth\/acct\/session\/passwd\.so/,
    'no /etc/pam.d at all',
  );
  await mkdir(path.join(root, 'etc/pam.d/sub.d'), { recursive: true });
  await writeFile(path.join(root, 'etc/pam.d/login'), 'auth required pam_unix.so\n');
  await writeFile(path.join(root, 'outside'), 'auth required pam_unix_auth.so\n');
  await symlink(path.join(root, 'outside'), path.join(root, 'etc/pam.d/linked'));
  assert.ok(await pam.skipReason!(ctx), 'a subdirectory and a symlink are not followed');
  await writeFile(path.join(root, 'etc/pam.d/su'), 'auth required pam_unix_auth.so\n');
  assert.is(await pam.skipReason!(ctx), undefined);
});

test.run();
