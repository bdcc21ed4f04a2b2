// The host shim's network preparation for SLE 16 images (SPEC 7.4) against the podman stand-in: which NICs get a
// systemd.link file, and that a failure takes back the files it wrote before any container starts.
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fieldsLine, resultLine } from '../../../entrypoint/run/shim-result.js';
import { shimSandbox } from '../../helpers/fake-podman.js';
import { SHIM } from '../../helpers/shim.js';

const KERNEL = '6.12.0-160000.5-default';

/** udevadm info as the shim asks it: ID_PATH and ID_NET_DRIVER for every interface but those in $NO_UDEV (space-separated). */
const FAKE_UDEVADM = `#!/bin/bash
echo "udevadm $*" >> "$STANDIN_LOG"
dev=\${@: -1}; dev=\${dev##*/}
[[ " \${NO_UDEV:-} " == *" $dev "* ]] && exit 0
for a in "$@"; do
    case "$a" in
        --property=ID_PATH) echo "ID_PATH=pci-0000:00:0$(( \${#dev} )).0-$dev" ;;
        --property=ID_NET_DRIVER) echo "ID_NET_DRIVER=vmxnet3" ;;
    esac
done
`;

interface Ctx {
  dir: string;
  root: string;
  env: Record<string, string>;
}
const test = suite<Ctx>('migrate: SLE 16 network preparation', { dir: '', root: '', env: {} });

test.before.each(async (ctx) => {
  const box = await shimSandbox('dms-shim-network-', KERNEL, ['etc/systemd/network', 'etc/udev/rules.d']);
  ctx.dir = box.dir;
  ctx.root = box.root;
  await writeFile(path.join(box.bin, 'udevadm'), FAKE_UDEVADM);
  await chmod(path.join(box.bin, 'udevadm'), 0o755);
  ctx.env = {
    ...box.env,
    FAKE_ENDS: fieldsLine({ source: 'SLES 15 SP7', target: 'SLES 16.0', target_version: '16.0' }),
    FAKE_STATUS: '0',
    FAKE_RESULT: resultLine({ outcome: 'succeeded', system: 'SUSE Linux Enterprise Server 16.0' }),
  };
});

test.after.each(async (ctx) => {
  await rm(ctx.dir, { recursive: true, force: true });
});

async function nic(ctx: Ctx, dev: string, mac: string): Promise<void> {
  await mkdir(path.join(ctx.root, 'sys/class/net', dev), { recursive: true });
  await writeFile(path.join(ctx.root, 'sys/class/net', dev, 'address'), `${mac}\n`);
}

const shim = (ctx: Ctx, env: Record<string, string> = {}) =>
  execa(SHIM, ['--use-zypper-dup', '--yes'], {
    reject: false,
    env: { ...ctx.env, ...env },
    extendEnv: true,
    stdin: 'ignore',
    timeout: 60_000,
  });
const calls = async (ctx: Ctx) => (await readFile(ctx.env.STANDIN_LOG!, 'utf8').catch(() => '')).split('\n').filter(Boolean);
const linkFile = (ctx: Ctx, dev: string) => path.join(ctx.root, 'etc/systemd/network', `70-persistent-net-${dev}.link`);
const exists = (file: string) =>
  readFile(file).then(
    () => true,
    () => false,
  );

test('a VMware or Hyper-V NIC already named by a .link file or a udev rule gets no link file; a commented-out rule does not count', async (ctx) => {
  await nic(ctx, 'eth0', '00:0c:29:01:02:03');
  await nic(ctx, 'eth1', '00:15:5d:01:02:03');
  await nic(ctx, 'eth2', '00:50:56:01:02:03');
  await nic(ctx, 'eth3', '52:54:00:01:02:03');
  await writeFile(path.join(ctx.root, 'etc/systemd/network/10-lan.link'), '[Match]\nMACAddress=00:0c:29:01:02:03\n\n[Link]\nName=eth0\n');
  await writeFile(
    path.join(ctx.root, 'etc/udev/rules.d/70-persistent-net.rules'),
    [
      'SUBSYSTEM=="net", ATTR{address}=="00:15:5d:01:02:03", NAME="eth1"',
      '# SUBSYSTEM=="net", ATTR{address}=="00:50:56:01:02:03", NAME="eth2"',
      '',
    ].join('\n'),
  );
  const r = await shim(ctx);
  assert.is(r.exitCode, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /The image migrates to SLE 16\.0: preparing the host network for NetworkManager\./);
  assert.not.ok(await exists(linkFile(ctx, 'eth0')), 'named by a .link file');
  assert.not.ok(await exists(linkFile(ctx, 'eth1')), 'named by a udev rule');
  assert.not.ok(await exists(linkFile(ctx, 'eth3')), 'not VMware or Hyper-V, no biosdevname');
  assert.match(
    await readFile(linkFile(ctx, 'eth2'), 'utf8'),
    /\[Match\]\nPath=pci-0000:00:04\.0-eth2\nDriver=vmxnet3\n\n\[Link\]\nNamePolicy=\nName=eth2\n/,
  );
  assert.match(r.stdout, `Wrote ${linkFile(ctx, 'eth2')} (keeps the interface name eth2).`);
  const all = await calls(ctx);
  assert.equal(
    all.filter((c) => c.startsWith('udevadm')).map((c) => c.replace(/.*\//, '')),
    ['eth2', 'eth2'],
    'udev is asked only about the NIC that needs a file',
  );
  assert.ok(all.some((c) => c.startsWith('podman run --detach')));
});

test('a NIC udev knows nothing about: the link files already written are removed, no container starts, exit 1', async (ctx) => {
  await nic(ctx, 'eth0', '00:50:56:0a:0b:0c');
  await nic(ctx, 'eth1', '00:0c:29:0a:0b:0c');
  const r = await shim(ctx, { NO_UDEV: 'eth1' });
  assert.is(r.exitCode, 1, r.stdout + r.stderr);
  assert.match(r.stdout, `Wrote ${linkFile(ctx, 'eth0')}`, 'eth0 got its file first');
  assert.match(r.stderr, /cannot write a systemd\.link file for eth1: udevadm reports no ID_PATH or ID_NET_DRIVER for it/);
  assert.match(r.stderr, /the host network preparation for SLE 16\.0 failed \(see above\); nothing was started/);
  assert.not.ok(await exists(linkFile(ctx, 'eth0')), 'taken back');
  assert.not.ok(await exists(linkFile(ctx, 'eth1')));
  assert.not.ok((await calls(ctx)).some((c) => c.startsWith('podman run --detach')));
});

test.run();
