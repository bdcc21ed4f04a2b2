// Image tests of the SLE 16 step set: the -sle16 image upgrades synthetic SLES 15 SP7 roots to SLES 16.0 and runs the post-upgrade steps.
import { chmod, copyFile, lstat, mkdir, readdir, readlink, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ensureRepos } from '../bed/repos.js';
import { serveDirectory } from '../bed/repo-server.js';
import { makeSystemRoot } from '../bed/system-root.js';
import { exists, mountsUnder, readText, rpmPackages, undocumentedLogLines } from '../helpers/host-root.js';
import { failedRunLog, runImage, sle16TestImage } from '../helpers/run-image.js';
import { fileStates, journalChanges, notRestored, rpmOwned, unkeptChanges } from '../helpers/host-changes.js';
import { restoreCommands } from '../../entrypoint/run/recovery.js';
import { stepsFor } from '../../entrypoint/steps/index.js';
import { execa } from 'execa';
import { installBootTools } from '../bed/boot-tools.js';
import { withKernelFileSystems } from '../helpers/boot-root.js';
import { addressesIn, type IsolatedNetwork, withIsolatedNetwork } from '../helpers/netns.js';

const STANDINS = path.resolve(import.meta.dirname, '../standins');
const ISSUE_POINTER = 'Migration has failed, for further details see /var/log/distro_migration.log';
const test = suite<{ repoUrl: string; repoDir: string; close: () => Promise<void>; roots: string[] }>('SLE 16 steps', {
  repoUrl: '',
  repoDir: '',
  close: async () => {},
  roots: [],
});

test.before(async (ctx) => {
  const repos = await ensureRepos();
  const server = await serveDirectory(repos.sles16);
  ctx.repoDir = repos.sles16;
  ctx.repoUrl = server.url;
  ctx.close = server.close;
});

test.after(async (ctx) => {
  await ctx.close();
  for (const root of ctx.roots) await rm(root, { recursive: true, force: true });
});

async function put(root: string, hostPath: string, content: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, hostPath)), { recursive: true });
  await writeFile(path.join(root, hostPath), content);
}

/**
 * A SLES 15 SP7 root with a GRUB 2 setup: Debian's real dracut and grub-mkconfig (as grub2-mkconfig)
 * installed into it (test/bed/boot-tools.ts), and the crm stand-in in its /usr/sbin (chrooted).
 */
async function sle15Root(ctx: { roots: string[] }, repoUrl: string): Promise<string> {
  const root = await makeSystemRoot({ targetRepoUrl: repoUrl, release: '15.7' });
  ctx.roots.push(root);
  await put(root, '/etc/default/grub', 'GRUB_TIMEOUT=8\nGRUB_CMDLINE_LINUX_DEFAULT="quiet"\n');
  await installBootTools(root);
  await copyFile(path.join(STANDINS, 'crm'), path.join(root, 'usr/sbin/crm'));
  return root;
}

/**
 * The run; the root has the machine's /dev, /proc and /sys in it meanwhile, as the shim's recursive bind of a host's / has.
 * With `net` the container runs in that network namespace of the test's own instead of the machine's (--net host): the
 * -sle16 image's real NetworkManager (Debian's) then manages its veth and lo only, never this machine's interfaces.
 */
function migrate(root: string, net?: IsolatedNetwork) {
  return withKernelFileSystems(root, () => runMigration(root, net));
}

function runMigration(root: string, net?: IsolatedNetwork) {
  return runImage({
    root,
    logDir: path.join(root, 'var/log'),
    args: ['run', '--use-zypper-dup'],
    image: sle16TestImage(),
    ...(net ? { network: `ns:${net.path}` } : {}),
    // wicked2nm and NetworkManager-config-server are SUSE's only: the stand-in and the package's one file.
    extraBinds: [
      { source: path.join(STANDINS, 'wicked2nm'), target: '/usr/local/bin/wicked2nm' },
      // NetworkManager-config-server's file: setup-host-network runs wicked2nm only with it (the original's gate).
      { source: path.join(STANDINS, 'NetworkManager-00-server.conf'), target: '/usr/lib/NetworkManager/conf.d/00-server.conf' },
    ],
  });
}

async function jsonLog(root: string): Promise<Record<string, unknown>[]> {
  return (await readText(root, '/var/log/distro_migration.jsonl'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * A host run by wicked: `device` (the test's veth) with a static address, started at boot, and a setting wicked2nm
 * cannot convert exactly; its `wicked show-config` as the shim caches it (wicked's XML, as in wicked2nm's tests/ipv4_static).
 */
async function wickedHost(root: string, device: string): Promise<void> {
  await mkdir(path.join(root, 'etc/systemd/system/network-online.target.wants'), { recursive: true });
  await symlink('/usr/lib/systemd/system/wicked.service', path.join(root, 'etc/systemd/system/network-online.target.wants/wicked.service'));
  await put(
    root,
    '/var/cache/wicked_config/config.xml',
    `<interface origin="compat:suse:/etc/sysconfig/network/ifcfg-${device}">
  <name>${device}</name>
  <control>
    <mode>boot</mode>
  </control>
  <link/>
  <ipv4:static>
    <address>
      <local>192.0.2.10/24</local>
    </address>
  </ipv4:static>
  <unsupported-ethtool/>
</interface>
`,
  );
  await put(root, `/etc/sysconfig/network/ifcfg-${device}`, "BOOTPROTO='static'\nIPADDR='192.0.2.10/24'\nSTARTMODE='auto'\n");
  await put(root, '/etc/sysconfig/network/config', 'NETCONFIG_DNS_POLICY="auto"\nNETCONFIG_DNS_STATIC_SERVERS="192.0.2.53"\n');
}

const PAM_SPLIT: Record<string, string> = {
  'common-auth-pc': 'auth\trequired\tpam_env.so\nauth\trequired\tpam_unix_auth.so\ttry_first_pass\n',
  'common-account-pc': 'account\trequired\tpam_unix_acct.so\ttry_first_pass\n',
  'common-session-pc': 'session\trequired\tpam_limits.so\nsession\trequired\tpam_unix_session.so\ttry_first_pass\n',
  'common-password-pc': 'password\trequisite\tpam_cracklib.so\npassword\trequired\tpam_unix_passwd.so\tuse_authtok nullok shadow\n',
};
const PAM_SSHD = 'auth\tinclude\tcommon-auth\naccount\tinclude\tcommon-account\n';

test('real NetworkManager and nm-online (Debian builds) in a network namespace of its own, stand-ins wicked2nm, crm; real grub2-mkconfig and dracut: a SLES 15 SP7 host with AppArmor, wicked, split pam_unix, a cluster and initrd option becomes SLES 16.0 with every SLE 16 step applied', async (ctx) => {
  await withIsolatedNetwork(ctx.repoDir, async (net) => {
    const root = await sle15Root(ctx, net.repoUrl);
    await put(
      root,
      '/etc/sle-migration-service.yml',
      'build_host_independent_initrd: true\nnetwork:\n  wicked2nm-continue-migration: true\n',
    );
    await put(
      root,
      '/etc/default/grub',
      'GRUB_TIMEOUT=8\nGRUB_CMDLINE_LINUX_DEFAULT="splash=silent security=apparmor mitigations=auto quiet"\n',
    );
    for (const [name, text] of Object.entries(PAM_SPLIT)) await put(root, `/etc/pam.d/${name}`, text);
    await symlink('common-auth-pc', path.join(root, 'etc/pam.d/common-auth'));
    await put(root, '/etc/pam.d/sshd', PAM_SSHD);
    await utimes(path.join(root, 'etc/pam.d/sshd'), 1_600_000_000, 1_600_000_000); // the original rewrote every file
    await mkdir(path.join(root, 'etc/pam.d/old.d'), { recursive: true }); // the original failed on a subdirectory
    await put(root, '/etc/corosync/corosync.conf', 'totem {\n  version: 2\n  cluster_name: hacluster\n}\n');
    await wickedHost(root, net.device);
    await mkdir(path.join(root, 'etc/sysconfig/network/providers'));
    await put(root, '/etc/resolv.conf', 'search example.com\nnameserver 192.0.2.53\n');
    await put(root, '/var/adm/netconfig/md5/etc/resolv.conf', '#^nameserver\n0123456789abcdef0123456789abcdef\n');
    const before = await rpmPackages(root);
    assert.ok(
      before.has('wicked') && before.has('SLES16-Migration') && before.has('venv-salt-minion') && !before.has('NetworkManager'),
      'the fixture starts as a wicked SLES 15 SP7 host',
    );
    const filesBefore = await fileStates(root);
    const rpmBefore = await rpmOwned(root);

    const { exitCode, output } = await migrate(root, net);
    assert.is(exitCode, 0, output);
    // Every host file a step changed outside rpm's transactions has its change recorded and its original kept.
    assert.equal(await unkeptChanges(root, filesBefore, rpmBefore), []);
    assert.equal(await undocumentedLogLines(root), [], 'every JSON log line is a documented event (docs/log-events.md)');
    const log = await readText(root, '/var/log/distro_migration.log');
    const ends = (await jsonLog(root)).filter((r) => r.event === 'step.end').map((r) => `${r.step}:${r.status}`);
    // Every step of the SLE 16 set ran and succeeded but the snapshots (no btrfs here), finish last.
    const snapshots = ['btrfs-snapshot-pre', 'btrfs-snapshot-post'];
    assert.equal(
      ends,
      [
        ...stepsFor(16)
          .map((step) => step.id)
          .filter((id) => !snapshots.includes(id)),
        'finish',
      ].map((s) => `${s}:succeeded`),
      log,
    );
    assert.match(await readText(root, '/etc/os-release'), /VERSION_ID="16\.0"/);
    const after = await rpmPackages(root);
    const standins = await readText(root, '/var/log/standins.log');

    // setup-host-network: wicked2nm converted the wicked config (with --continue-migration from the host config)...
    assert.match(
      standins,
      /^wicked2nm migrate --netconfig-base-dir \/system-root\/etc\/sysconfig\/network \/system-root\/var\/cache\/wicked_config\/config\.xml --continue-migration$/m,
    );
    // ... handing it to the real NetworkManager on a real D-Bus system bus: its startup completed (nm-online --wait-for-startup
    // exit 0), it came online with the converted connection (nm-online -q), and it was stopped afterwards, then the bus.
    const order = [
      'Calling: nm-online --wait-for-startup --quiet --timeout 60',
      'started a D-Bus system bus and NetworkManager in the container for wicked2nm',
      'Calling: wicked2nm migrate',
      'Calling: nm-online -q',
      "stopped the container's NetworkManager",
      "stopped the container's D-Bus system bus",
    ].map((line) => [line, log.indexOf(line)] as const);
    assert.ok(
      order.every(([, at], i) => at >= 0 && (i === 0 || at > order[i - 1]![1])),
      order.map(([line, at]) => `${at} ${line}`).join('\n'),
    );
    // NetworkManager ran in a mount namespace of its own in which /sys is read-only (so it does not wait for udev), while
    // the privileged container's own /sys stayed writable as in production: the holder, the remount, NetworkManager in it.
    const commands = (await jsonLog(root))
      .filter((r) => r.event === 'cmd.start' || r.event === 'cmd.background')
      .map((r) => (r.argv as string[]).join(' '));
    assert.ok(commands.includes('unshare --mount --propagation private -- cat'), commands.join('\n'));
    assert.ok(
      commands.some((c) => /^mount --namespace \d+ -o remount,bind,ro \/sys$/.test(c)),
      commands.join('\n'),
    );
    assert.ok(
      commands.some((c) => /^nsenter --target \d+ --mount -- NetworkManager --no-daemon$/.test(c)),
      commands.join('\n'),
    );
    // NetworkManager activated the converted connection on the veth (wicked2nm only adds connections; autoconnect from
    // the control mode "boot"): the address it set is still there after it stopped.
    assert.match(await addressesIn(net), new RegExp(`^${net.device}@\\S+\\s+UP\\s+192\\.0\\.2\\.10/24\\b`));
    // apparmor-selinux: the kernel parameter switched, the pattern installed (real zypper from the SLES 16 repository).
    assert.match(await readText(root, '/etc/default/grub'), /"splash=silent security=selinux mitigations=auto quiet"/);
    assert.ok(after.has('patterns-base-selinux'), 'patterns-base-selinux installed');
    // The Salt minion is installed again (its %post ran once for the upgrade, once for the forced re-install).
    assert.match(log, /\[apparmor-selinux\] re-installed venv-salt-minion for its SELinux policy/);
    assert.is(
      (await readText(root, '/var/lib/demo-scriptlets.log')).split('\n').filter((l) => l === 'post venv-salt-minion 3006.0 2').length,
      2,
    );
    // wicked-nm: NetworkManager installed and enabled, wicked masked and removed, its config moved to /var/migration.
    assert.ok(after.has('NetworkManager') && after.has('NetworkManager-config-server'), 'NetworkManager installed');
    for (const gone of ['wicked', 'wicked-service', 'sysconfig-netconfig']) assert.not.ok(after.has(gone), `${gone} removed`);
    assert.is(
      await readlink(path.join(root, 'etc/systemd/system/multi-user.target.wants/NetworkManager.service')),
      '/usr/lib/systemd/system/NetworkManager.service',
    );
    assert.is(await readlink(path.join(root, 'etc/systemd/system/wicked.service')), '/dev/null');
    // The keyfiles NetworkManager wrote for wicked2nm's connections (its keyfile plugin: a uuid, the sections it fills in).
    const keyfile = await readText(root, `/etc/NetworkManager/system-connections/${net.device}.nmconnection`);
    assert.match(keyfile, /^uuid=[0-9a-f]{8}-[0-9a-f-]{27}$/m, keyfile);
    assert.match(keyfile, new RegExp(`^interface-name=${net.device}$`, 'm'), keyfile);
    assert.match(keyfile, /^\[ipv4\]\n(?:[^[].*\n)*address1=192\.0\.2\.10\/24\n(?:[^[].*\n)*method=manual$/m, keyfile);
    assert.match(keyfile, /^\[ipv6\]\n(?:[^[].*\n)*method=auto$/m, keyfile);
    // The lo connection of netconfig's static DNS server.
    assert.match(
      await readText(root, '/etc/NetworkManager/system-connections/lo.nmconnection'),
      /^\[ipv4\]\n(?:[^[].*\n)*dns=192\.0\.2\.53;$/m,
    );
    assert.is(
      (await lstat(path.join(root, `etc/NetworkManager/system-connections/${net.device}.nmconnection`))).mode & 0o777,
      0o600,
      'NetworkManager reads only private keyfiles',
    );
    assert.not.ok(await exists(root, '/etc/sysconfig/network'), '/etc/sysconfig/network removed');
    const [backup] = await readdir(path.join(root, 'var/migration'));
    assert.match(backup!, /^\d{4}-\d\d-\d\d-\d\d:\d\d$/);
    assert.match(await readText(root, `/var/migration/${backup}/etc/sysconfig/network/ifcfg-${net.device}`), /IPADDR='192\.0\.2\.10\/24'/);
    assert.is(await readlink(path.join(root, 'etc/resolv.conf')), 'resolv.conf.static', 'the custom resolv.conf is kept behind a link');
    assert.is(await readText(root, '/etc/resolv.conf'), 'search example.com\nnameserver 192.0.2.53\n');
    // pam: split modules consolidated in regular files; the symlink and the untouched file stay as they were.
    assert.is(
      await readText(root, '/etc/pam.d/common-auth-pc'),
      'auth\trequired\tpam_env.so\nauth\trequired\tpam_unix.so\ttry_first_pass\n',
    );
    assert.is(
      await readText(root, '/etc/pam.d/common-password-pc'),
      'password\trequisite\tpam_cracklib.so\npassword\trequired\tpam_unix.so\tuse_authtok nullok shadow\n',
    );
    for (const name of ['common-account-pc', 'common-session-pc'])
      assert.not.match(await readText(root, `/etc/pam.d/${name}`), /pam_unix_/);
    assert.is(await readlink(path.join(root, 'etc/pam.d/common-auth')), 'common-auth-pc');
    assert.is(await readText(root, '/etc/pam.d/sshd'), PAM_SSHD);
    assert.is((await lstat(path.join(root, 'etc/pam.d/sshd'))).mtimeMs, 1_600_000_000_000, 'a file without split modules is not rewritten');
    assert.match(log, /\[pam\] rewrote 4 file\(s\) in \/etc\/pam\.d/);
    // ha-cluster: crmsh's fix ran chrooted in the host root.
    assert.match(standins, /^crm cluster health sles16 --local --fix$/m);
    assert.match(await readText(root, '/etc/corosync/corosync.conf'), /# fixed for sles16 by the crm stand-in$/m);
    // grub-setup: migration packages removed (real zypper), grub.cfg regenerated after the SELinux switch.
    assert.not.ok(after.has('SLES16-Migration') || after.has('suse-migration-sle16-activation'), 'migration packages removed');
    // Real grub2-mkconfig (GRUB's grub-mkconfig) wrote the menu from the edited /etc/default/grub.
    assert.match(
      log,
      /\[grub-setup\] regenerated \/boot\/grub2\/grub\.cfg; grub2-mkconfig said:\n {30,}Generating grub configuration file/,
    );
    const grubCfg = await readText(root, '/boot/grub2/grub.cfg');
    // (grub-mkrelpath gives the kernel's path on its file system: this root is a directory of the machine's disk.)
    assert.match(
      grubCfg,
      /^\s+linux\s+\S*\/boot\/vmlinuz-6\.4\.0-\S+ root=\S+ ro\s+splash=silent security=selinux mitigations=auto quiet$/m,
      grubCfg,
    );
    // regenerate-initrd: real dracut (after grub-setup, see the step order above) built the kernel's generic initrd.
    const kernel = '6.4.0-150700.53.3-default';
    assert.match(log, new RegExp(`\\| dracut: \\*\\*\\* Creating initramfs image file '/boot/initrd-${kernel}' done \\*\\*\\*`));
    assert.match(
      (await execa('chroot', [root, 'lsinitrd', `/boot/initrd-${kernel}`])).stdout,
      new RegExp(`^Arguments: +--kver '${kernel}' --force --verbose --no-host-only --no-hostonly-cmdline$`, 'm'),
    );
    // Every mount (zypp, providers, resolv.conf, /dev /proc /sys) recorded and released.
    assert.match(log, /\[finish\] released 8 mount\(s\); none left/);
    assert.equal(await mountsUnder(root), []);
    assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '0');

    // No btrfs here: the log says how to put each edited file back, and doing so puts back every one of them.
    const changes = await journalChanges(root);
    assert.match(log, /To put them back as they were \(on the host, as root\):/);
    for (const command of restoreCommands(changes)) assert.ok(log.includes(command), command);
    for (const command of restoreCommands(changes, root)) await execa('sh', ['-c', command]);
    assert.equal(await notRestored(root, filesBefore, rpmBefore), []);
  });
});

test('real grub2-mkconfig failing: on a NetworkManager host where no SLE 16 fix applies each step says why it skipped, and the grub failure fails the run after the upgrade', async (ctx) => {
  const root = await sle15Root(ctx, ctx.repoUrl);
  await put(root, '/etc/pam.d/common-auth-pc', 'auth\trequired\tpam_unix.so\ttry_first_pass\n');
  // A broken script of the host's /etc/grub.d makes grub2-mkconfig fail.
  await put(root, '/etc/grub.d/45_broken', '#!/bin/sh\necho "45_broken: cannot read the theme" >&2\nexit 1\n');
  await chmod(path.join(root, 'etc/grub.d/45_broken'), 0o755);
  // A host already run by NetworkManager: its configuration is bound into the container.
  await mkdir(path.join(root, 'etc/systemd/system/network-online.target.wants'), { recursive: true });
  await symlink(
    '/usr/lib/systemd/system/NetworkManager-wait-online.service',
    path.join(root, 'etc/systemd/system/network-online.target.wants/NetworkManager-wait-online.service'),
  );
  await put(root, '/etc/NetworkManager/NetworkManager.conf', '[main]\nplugins=keyfile\n');
  await mkdir(path.join(root, 'usr/lib/NetworkManager'), { recursive: true });

  const log = await failedRunLog(migrate(root), root);
  const json = await jsonLog(root);
  const status = Object.fromEntries(
    json
      .filter((r) => r.event === 'step.end' || r.event === 'step.skip' || r.event === 'step.not-run')
      .map((r) => [r.step, r.event === 'step.end' ? r.status : r.event]),
  );
  assert.equal(
    status,
    {
      prepare: 'succeeded',
      'setup-host-network': 'succeeded',
      'product-setup': 'succeeded',
      upgrade: 'succeeded',
      'apparmor-selinux': 'succeeded',
      'wicked-nm': 'step.skip',
      pam: 'step.skip',
      'ha-cluster': 'step.skip',
      'grub-setup': 'failed',
      'regenerate-initrd': 'step.not-run',
      finish: 'succeeded',
      'btrfs-snapshot-pre': 'step.skip',
      'pre-checks-fix': 'succeeded',
      'btrfs-snapshot-post': 'step.skip',
    },
    log,
  );
  assert.match(log, /\[setup-host-network\] the host does not use wicked: no wicked configuration to convert/);
  assert.match(log, /\[setup-host-network\] Calling: mount --bind \/system-root\/etc\/NetworkManager \/etc\/NetworkManager/);
  assert.match(log, /\[setup-host-network\] Calling: mount --bind \/system-root\/usr\/lib\/NetworkManager \/usr\/lib\/NetworkManager/);
  assert.match(log, /\[wicked-nm\] skipped: the host does not use wicked/);
  assert.match(log, /\[pam\] skipped: no file in \/etc\/pam\.d uses pam_unix_auth\/acct\/session\/passwd\.so/);
  assert.match(log, /\[ha-cluster\] skipped: no \/etc\/corosync\/corosync\.conf: the host is not an HA cluster node/);
  assert.match(log, /\[apparmor-selinux\] \/etc\/default\/grub does not select AppArmor: unchanged/);
  assert.match(log, /\[grub-setup\] grub-setup failed: Update grub failed with: grub2-mkconfig -o \/boot\/grub2\/grub\.cfg exited with 1/);
  assert.match(log, /\[regenerate-initrd\] not run: it needs grub-setup to have succeeded/);
  assert.match(log, /The upgrade succeeded, but step\(s\) grub-setup failed: do not reboot before fixing them/);
  assert.match(log, /hint: do not reboot yet: run `grub2-mkconfig -o \/boot\/grub2\/grub\.cfg` on the host/);
  // The upgrade itself went through; the result files say "failed" so that nobody reboots into a stale boot menu.
  assert.match(await readText(root, '/etc/os-release'), /VERSION_ID="16\.0"/);
  assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '1');
  assert.is(await readText(root, '/etc/issue'), ISSUE_POINTER);
  const standins = (await exists(root, '/var/log/standins.log')) ? await readText(root, '/var/log/standins.log') : '';
  assert.not.match(standins, /^(crm|wicked2nm|NetworkManager)/m);
  assert.not.ok(await exists(root, '/boot/grub2/grub.cfg'));
  assert.not.ok(await exists(root, '/boot/initrd-6.4.0-150700.53.3-default'), 'dracut did not run');
  assert.match(log, /\[finish\] released 6 mount\(s\); none left/);
  assert.equal(await mountsUnder(root), []);
});

test('real NetworkManager and nm-online in a network namespace of its own, stand-in wicked2nm: settings wicked2nm cannot convert stop the run before the upgrade; with wicked2nm-continue-migration set, a re-run completes', async (ctx) => {
  await withIsolatedNetwork(ctx.repoDir, async (net) => {
    const root = await sle15Root(ctx, net.repoUrl);
    await wickedHost(root, net.device);
    const before = await rpmPackages(root);

    const log = await failedRunLog(migrate(root, net), root);
    assert.match(
      log,
      new RegExp(
        `\\[setup-host-network\\] setup-host-network failed: Migration from wicked to NetworkManager failed with: wicked2nm migrate exit code 3: Warning: Unhandled field in interface ${net.device}`,
      ),
      log,
    );
    assert.match(
      log,
      /hint: wicked2nm found settings it cannot convert exactly .* set "network: \{wicked2nm-continue-migration: true\}" in \/etc\/sle-migration-service\.yml/,
    );
    assert.match(log, new RegExp(`\\[setup-host-network\\] wicked2nm show:\\n {30,}interface ${net.device}`));
    assert.match(log, /\[setup-host-network\] ip a:\n/, 'network details are logged with the failure');
    const standins = await readText(root, '/var/log/standins.log');
    assert.match(
      standins,
      /^wicked2nm migrate --netconfig-base-dir \/system-root\/etc\/sysconfig\/network \/system-root\/var\/cache\/wicked_config\/config\.xml$/m,
    );
    assert.match(log, /\[setup-host-network\] stopped the container's NetworkManager/, 'NetworkManager is stopped after the failure too');
    // Fatal: nothing after it ran; the host keeps its release, packages and wicked configuration.
    const ends = (await jsonLog(root)).filter((r) => r.event === 'step.end').map((r) => `${r.step}:${r.status}`);
    assert.equal(ends, ['pre-checks-fix:succeeded', 'prepare:succeeded', 'setup-host-network:failed', 'finish:succeeded']);
    assert.match(log, /Migration failed in step setup-host-network/);
    assert.match(await readText(root, '/etc/os-release'), /VERSION_ID="15\.7"/);
    assert.equal(await rpmPackages(root), before);
    assert.ok(await exists(root, `/etc/sysconfig/network/ifcfg-${net.device}`));
    assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '1');
    assert.equal(await mountsUnder(root), []);

    // The user accepts the inexact conversion, as the hint says, and runs again: it completes.
    await put(root, '/etc/sle-migration-service.yml', 'network:\n  wicked2nm-continue-migration: true\n');
    const again = await migrate(root, net);
    assert.is(again.exitCode, 0, again.output);
    assert.match(await readText(root, '/etc/os-release'), /VERSION_ID="16\.0"/);
    assert.ok(await exists(root, `/etc/NetworkManager/system-connections/${net.device}.nmconnection`));
    assert.not.ok(await exists(root, '/etc/sysconfig/network'));
    assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '0');
    assert.not.match(await readText(root, '/etc/issue'), /Migration has failed/);
  });
});

test.run();
