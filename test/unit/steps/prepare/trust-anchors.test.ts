import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { onHost } from '../../../../entrypoint/paths.js';
import { resolveOnHost } from '../../../../entrypoint/steps/prepare/trust-anchors.js';

test('trust anchor symlinks are followed inside the host root, absolute and relative targets alike', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'anchors-'));
  const ctx = { host: (p: string) => onHost(root, p) };
  try {
    await mkdir(path.join(root, 'etc/pki/trust/anchors'), { recursive: true });
    await mkdir(path.join(root, 'usr/share/ca'), { recursive: true });
    await writeFile(path.join(root, 'usr/share/ca/a.pem'), 'A');
    await symlink('/usr/share/ca/a.pem', path.join(root, 'etc/pki/trust/anchors/abs.pem'));
    await symlink('../../../../usr/share/ca/a.pem', path.join(root, 'etc/pki/trust/anchors/rel.pem'));
    await symlink('abs.pem', path.join(root, 'etc/pki/trust/anchors/chain.pem'));
    await writeFile(path.join(root, 'etc/pki/trust/anchors/plain.pem'), 'P');
    const want = path.join(root, 'usr/share/ca/a.pem');
    assert.is(await resolveOnHost(ctx, '/etc/pki/trust/anchors/abs.pem'), want);
    assert.is(await resolveOnHost(ctx, '/etc/pki/trust/anchors/rel.pem'), want);
    assert.is(await resolveOnHost(ctx, '/etc/pki/trust/anchors/chain.pem'), want);
    assert.is(await resolveOnHost(ctx, '/etc/pki/trust/anchors/plain.pem'), path.join(root, 'etc/pki/trust/anchors/plain.pem'));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test.run();
