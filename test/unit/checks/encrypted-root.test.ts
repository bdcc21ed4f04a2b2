// Tests of the encrypted-root check: the original's own fstab (test/data/fstab) with a real LUKS header (cryptsetup)
// read by the real blkid through the host's /dev/disk links, and synthetic fstab and crypttab files.
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encryptedRoot, fstabDevicePath, fstabEntries } from '../../../entrypoint/checks/encrypted-root.js';
import { addFiles, checkContext, makeRoot, removeRoot, type RootFiles } from '../../helpers/check-root.js';

/** suse-migration-services test/data/fstab, unchanged (see test/fixtures/suse-migration-services/README.md). */
const ORIGINAL_FSTAB = 'test/fixtures/suse-migration-services/fstab';

/** A file with a real LUKS2 header (fast key derivation: only the header matters), and a file without any signature. */
async function images(): Promise<{ dir: string; luks: string; plain: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-luks-'));
  const luks = path.join(dir, 'luks.img');
  const plain = path.join(dir, 'plain.img');
  for (const file of [luks, plain]) {
    await writeFile(file, '');
    await truncate(file, 20 * 1024 * 1024);
  }
  await execa(
    'cryptsetup',
    ['luksFormat', '--batch-mode', '--type', 'luks2', '--pbkdf', 'pbkdf2', '--pbkdf-force-iterations', '1000', luks],
    {
      input: 'test-passphrase',
    },
  );
  return { dir, luks, plain };
}

/** A host root with the original's fstab and udev-style links to the images (as the host's /dev has them). */
async function originalFstabRoot(links: Record<string, string>): Promise<string> {
  const files: RootFiles = {};
  for (const [device, target] of Object.entries(links)) files[device] = { link: target };
  const root = await makeRoot(files);
  await addFiles(root, { '/etc/fstab': await readFile(ORIGINAL_FSTAB, 'utf8') });
  return root;
}

test("fstab sources as fstab.py reads them: UUID=/LABEL=/PARTUUID= as /dev/disk/by-* links, swap and 'none' left out", async () => {
  const entries = fstabEntries(await readFile(ORIGINAL_FSTAB, 'utf8'));
  assert.equal(
    entries.map((e) => [fstabDevicePath(e.source), e.mountPoint]),
    [
      ['/dev/disk/by-uuid/bd604632-663b-4d4c-b5b0-8d8686267ea2', '/'],
      ['/dev/disk/by-uuid/FCF7-B051', '/boot/efi'],
      ['/dev/homeboy', '/home/stack'],
      ['/dev/disk/by-label/foo', '/home'],
      ['/dev/disk/by-partuuid/3c8bd108-01', '/bar'],
      ['/dev/mynode', '/foo'],
    ],
  );
  assert.is(fstabDevicePath('PARTLABEL="EFI system"'), '/dev/disk/by-partlabel/EFI system');
  assert.is(fstabDevicePath('tmpfs'), 'tmpfs');
});

test("test_fs_and_repos: with the original's fstab, LABEL=foo on a LUKS device is reported; every other existing device is asked and plain", async () => {
  const { dir, luks, plain } = await images();
  const root = await originalFstabRoot({
    '/dev/disk/by-uuid/bd604632-663b-4d4c-b5b0-8d8686267ea2': plain,
    '/dev/disk/by-uuid/FCF7-B051': plain,
    '/dev/homeboy': plain,
    '/dev/disk/by-label/foo': luks,
    '/dev/disk/by-partuuid/3c8bd108-01': plain,
    '/dev/mynode': plain,
  });
  const finding = await encryptedRoot.run(checkContext(root));
  assert.equal(finding, { ok: false, evidence: ['/home is on LABEL=foo (/dev/disk/by-label/foo), a LUKS device'] });
  await removeRoot(root);
  await rm(dir, { recursive: true, force: true });
});

test('each tag is resolved (UUID=, PARTUUID=, a plain path), and sources missing on the host are named, not checked', async () => {
  const { dir, luks, plain } = await images();
  const root = await originalFstabRoot({
    '/dev/disk/by-uuid/bd604632-663b-4d4c-b5b0-8d8686267ea2': luks,
    '/dev/disk/by-partuuid/3c8bd108-01': luks,
    '/dev/mynode': luks,
    '/dev/disk/by-label/foo': plain,
  });
  const finding = await encryptedRoot.run(checkContext(root));
  assert.equal(finding, {
    ok: false,
    evidence: [
      '/ is on UUID=bd604632-663b-4d4c-b5b0-8d8686267ea2 (/dev/disk/by-uuid/bd604632-663b-4d4c-b5b0-8d8686267ea2), a LUKS device',
      '/bar is on PARTUUID=3c8bd108-01 (/dev/disk/by-partuuid/3c8bd108-01), a LUKS device',
      '/foo is on /dev/mynode, a LUKS device',
      'not found on the host, not checked: /dev/disk/by-uuid/FCF7-B051 (/boot/efi), /dev/homeboy (/home/stack)',
    ],
  });
  await removeRoot(root);
  await rm(dir, { recursive: true, force: true });
});

test('a file system on a device opened by /etc/crypttab is reported', async () => {
  const root = await makeRoot({
    '/etc/crypttab': '# name device key\ncr_root UUID=1234 none luks\n',
    '/etc/fstab': '/dev/mapper/cr_root / btrfs defaults 0 0\nUUID=abcd swap swap defaults 0 0\n',
  });
  const finding = await encryptedRoot.run(checkContext(root));
  assert.equal(finding, { ok: false, evidence: ['/ is on /dev/mapper/cr_root, opened by /etc/crypttab'] });
  await removeRoot(root);
});

test('plain file systems pass; pseudo file systems are no devices', async () => {
  const { dir, plain } = await images();
  const root = await makeRoot({
    '/etc/fstab': 'UUID=1111 / xfs defaults 0 0\ntmpfs /tmp tmpfs defaults 0 0\n',
    '/dev/disk/by-uuid/1111': { link: plain },
  });
  assert.equal(await encryptedRoot.run(checkContext(root)), {
    ok: true,
    evidence: ['no encrypted file system in /etc/fstab (1 device(s) asked to blkid)'],
  });
  await removeRoot(root);
  await rm(dir, { recursive: true, force: true });
});

test.run();
