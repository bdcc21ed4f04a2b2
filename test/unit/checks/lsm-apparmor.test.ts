// Tests of the lsm-apparmor check with the original's numbers (58 profiles, 263 entries, the extra profile packages):
// a stand-in aa-status chrooted in a synthetic root, and real rpm -V on packages installed into it.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ADDITIONAL_AA_PROFILES,
  changedDigests,
  DEFAULT_ETC_FILE_COUNT,
  DEFAULT_PROFILE_COUNT,
  lsmApparmor,
} from '../../../entrypoint/checks/lsm-apparmor.js';
import type { PackageDef } from '../../bed/model.js';
import { addFiles, checkContext, makeRoot, removeRoot } from '../../helpers/check-root.js';
import { addBusybox, addProgram, installRpms } from '../../helpers/chroot-root.js';

const pkg = (name: string, files: PackageDef['files']): PackageDef => ({
  name,
  version: '1.0',
  release: '1',
  summary: `${name} (test stand-in with AppArmor profiles)`,
  noarch: true,
  autoReqProv: false,
  files,
});
/** apparmor-profiles ships profiles in /etc/apparmor.d and extra ones below /usr/share/apparmor. */
const APPARMOR_PROFILES = pkg('apparmor-profiles', [
  { kind: 'file', path: '/etc/apparmor.d/usr.sbin.dnsmasq', content: 'profile dnsmasq {}\n', config: 'noreplace' },
  { kind: 'file', path: '/usr/share/apparmor/extra-profiles/usr.bin.example', content: 'profile example {}\n' },
]);
/** One of the original's ADDITIONAL_AA_PROFILES: its profile, and a file outside /etc/apparmor.d. */
const HAPROXY = pkg('haproxy', [
  { kind: 'file', path: '/etc/apparmor.d/usr.sbin.haproxy', content: 'profile haproxy {}\n', config: 'noreplace' },
  { kind: 'file', path: '/etc/haproxy/haproxy.cfg', content: 'global\n', config: 'noreplace' },
]);

/** A stand-in for the host's aa-status --json reporting `count` loaded profiles (the format of apparmor 3). */
function aaStatus(count: number): string {
  const profiles = Object.fromEntries(Array.from({ length: count }, (_, i) => [`/usr/sbin/daemon${i}`, 'enforce']));
  const json = JSON.stringify({ version: '2', profiles, processes: {} });
  return `#!/bin/sh\n[ "$1" = --json ] || exit 64\nprintf '%s\\n' '${json}'\n`;
}

/** An AppArmor host: enabled in the (synthetic) kernel, both packages installed, aa-status reporting `profiles`. */
async function apparmorRoot(profiles: number | 'failing' | 'none') {
  const root = await makeRoot({ '/sys/module/apparmor/parameters/enabled': 'Y\n' });
  await addBusybox(root);
  await installRpms(root, [APPARMOR_PROFILES, HAPROXY]);
  if (profiles === 'failing')
    await addProgram(root, '/usr/sbin/aa-status', '#!/bin/sh\necho "apparmor filesystem is not mounted." >&2\nexit 3\n');
  else if (profiles !== 'none') await addProgram(root, '/usr/sbin/aa-status', aaStatus(profiles));
  return { root, ctx: checkContext(root, { sysDir: path.join(root, 'sys') }) };
}
const change = (root: string, hostPath: string) => writeFile(path.join(root, hostPath), 'locally changed\n');

test("the original's numbers and packages", () => {
  assert.is(DEFAULT_PROFILE_COUNT, 58);
  assert.is(DEFAULT_ETC_FILE_COUNT, 263);
  assert.is(ADDITIONAL_AA_PROFILES.length, 22);
  assert.ok(ADDITIONAL_AA_PROFILES.includes('haproxy') && ADDITIONAL_AA_PROFILES.includes('monitoring-plugins-userso'));
  // test_check_lsm_migration's rpm -V output: both lines have a changed digest; only the second is under /etc/apparmor.d.
  const verify = 'S.5....T.  c /some/path\nS.5....T.  c /etc/apparmor.d/some_file';
  assert.equal(changedDigests(verify), ['/some/path', '/etc/apparmor.d/some_file']);
  assert.equal(changedDigests(verify, '/etc/apparmor.d'), ['/etc/apparmor.d/some_file']);
  assert.equal(
    changedDigests('.M.......    /etc/apparmor.d/x\nmissing   c /etc/apparmor.d/y\n'),
    [],
    'mode or missing: not a changed digest',
  );
});

test('an unmodified AppArmor host passes silently, with more than 58 profiles too', async () => {
  const { root, ctx } = await apparmorRoot(DEFAULT_PROFILE_COUNT + 1);
  const finding = await lsmApparmor.run(ctx);
  assert.equal(finding, {
    ok: true,
    evidence: [
      'AppArmor enabled: 59 profiles loaded (aa-status); no changed profile in apparmor-profiles nor in the installed extra profile packages',
    ],
  });
  await removeRoot(root);
});

test('test_check_lsm_migration: 59 profiles, a changed apparmor-profiles file (outside /etc/apparmor.d too) and a changed haproxy profile', async () => {
  const { root, ctx } = await apparmorRoot(59);
  await change(root, '/usr/share/apparmor/extra-profiles/usr.bin.example');
  await change(root, '/etc/apparmor.d/usr.sbin.haproxy');
  const finding = await lsmApparmor.run(ctx);
  assert.equal(finding, {
    ok: false,
    evidence: [
      'Non-default AppArmor setup detected (59 profiles loaded), please review the details below',
      'Modified AppArmor profiles found, please verify changes to the files from: "rpm -V apparmor-profiles": /usr/share/apparmor/extra-profiles/usr.bin.example',
      'Modified AppArmor profiles found, please verify changes to profiles from "/etc/apparmor.d": "rpm -V haproxy": /etc/apparmor.d/usr.sbin.haproxy',
    ],
  });
  await removeRoot(root);
});

test('extra profile packages count only above 58 loaded profiles, and only for their files in /etc/apparmor.d', async () => {
  const { root, ctx } = await apparmorRoot(DEFAULT_PROFILE_COUNT);
  await change(root, '/etc/apparmor.d/usr.sbin.haproxy');
  assert.is((await lsmApparmor.run(ctx)).ok, true, '58 profiles: the extra packages are not verified');
  await addProgram(root, '/usr/sbin/aa-status', aaStatus(DEFAULT_PROFILE_COUNT + 1));
  assert.is((await lsmApparmor.run(ctx)).ok, false, '59 profiles: the changed haproxy profile counts');
  const clean = await apparmorRoot(DEFAULT_PROFILE_COUNT + 1);
  await change(clean.root, '/etc/haproxy/haproxy.cfg');
  assert.is((await lsmApparmor.run(clean.ctx)).ok, true, "haproxy's changed file outside /etc/apparmor.d does not count");
  await change(clean.root, '/etc/apparmor.d/usr.sbin.dnsmasq');
  const standard = await lsmApparmor.run(clean.ctx);
  assert.ok(
    !standard.ok && /"rpm -V apparmor-profiles": \/etc\/apparmor\.d\/usr\.sbin\.dnsmasq$/.test(standard.evidence[1]!),
    JSON.stringify(standard),
  );
  await removeRoot(root);
  await removeRoot(clean.root);
});

test('test_check_lsm_migration_failed: a failing aa-status is reported and the LSM checks are skipped', async () => {
  const { root, ctx } = await apparmorRoot('failing');
  await change(root, '/etc/apparmor.d/usr.sbin.dnsmasq');
  const finding = await lsmApparmor.run(ctx);
  assert.ok(!finding.ok);
  assert.equal(finding.evidence, ['aa-status failed with: exit code 3: apparmor filesystem is not mounted.', 'Skipping LSM checks']);
  await removeRoot(root);
});

test('test_check_lsm_migration_simple: without aa-status on the host, more than 263 lines of find /etc/apparmor.d/ ask for apparmor-parser', async () => {
  const { root, ctx } = await apparmorRoot('none');
  // find lists the directory, the packages' 2 profiles, local/ and what is in local/: 263 lines are silent.
  const files: Record<string, string> = {};
  for (let i = 0; i < DEFAULT_ETC_FILE_COUNT - 4; i++) files[`/etc/apparmor.d/local/p${i}`] = '';
  await addFiles(root, files);
  const quiet = await lsmApparmor.run(ctx);
  assert.equal(quiet, {
    ok: true,
    evidence: ['AppArmor enabled; no aa-status on the host: find /etc/apparmor.d/ lists 263 entries (at most 263)'],
  });
  await addFiles(root, { '/etc/apparmor.d/local/one-more': '' });
  const finding = await lsmApparmor.run(ctx);
  assert.ok(!finding.ok);
  assert.equal(finding.evidence, [
    'Looks like customized AppArmor setup is in use: find /etc/apparmor.d/ lists 264 entries, an unmodified host at most 263',
    'please install "apparmor-parser" as aa-status is needed to perform a proper check',
  ]);
  await removeRoot(root);
});

test('test_check_lsm_migration_apparmor_disabled: AppArmor disabled is not applicable (no warning), without running anything', async () => {
  const root = await makeRoot({ '/sys/module/apparmor/parameters/enabled': 'N\n', '/usr/sbin/aa-status': 'not run\n' });
  assert.equal(await lsmApparmor.run(checkContext(root, { sysDir: path.join(root, 'sys') })), {
    ok: true,
    evidence: ['AppArmor disabled (the running kernel has not enabled it)'],
    notApplicable: true,
  });
  await removeRoot(root);
});

test.run();
