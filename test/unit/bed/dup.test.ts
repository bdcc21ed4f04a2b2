// End-to-end check of the bed with the host's zypper: dup a fresh SLES 12 SP5 root to SLES 15 SP7.
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dupArgv } from '../../../entrypoint/system/zypper.js';
import { ensureRepos } from '../../bed/repos.js';
import { serveDirectory } from '../../bed/repo-server.js';
import { makeSystemRoot, removeSystemRoot } from '../../bed/system-root.js';
import { installedPackages, zypper } from '../../bed/zypper.js';

/** The migration's own `dup` and its flags (the bed's zypper helper adds --non-interactive and --root). */
const DUP = ['--no-cd', ...dupArgv('/').slice(dupArgv('/').indexOf('dup'))];

test('zypper dup upgrades a bed root from the served sles15 repository', async () => {
  const repos = await ensureRepos();
  const served = await serveDirectory(path.dirname(repos.sles15));
  const root = await makeSystemRoot({ targetRepoUrl: `${served.url}sles15/` });
  try {
    const r = await zypper(root, ['--gpg-auto-import-keys', ...DUP], { reject: false });
    assert.is(r.exitCode, 0, String(r.stdout));
    const pkgs = await installedPackages(root);
    const has = (p: string) => pkgs.some((x) => x.startsWith(p));
    assert.ok(has('sles-release-15.7-'), pkgs.join(' '));
    assert.ok(has('python3-demo-3.6.15-') && !has('python-demo-'), 'python3-demo replaced python-demo');
    assert.ok(has('libfoo2-') && has('libfoo1-'), 'new libfoo2 installed; dropped libfoo1 stays');
    assert.ok(has('sle-module-basesystem-release-15.7-'));
    const at = (p: string) => readFile(path.join(root, p), 'utf8');
    assert.match(await at('etc/os-release'), /^VERSION_ID="15\.7"$/m);
    assert.match(await at('etc/products.d/SLES.prod'), /<target>sle-15-/);
    assert.match(await at('etc/demo.conf'), /edited by the administrator/);
    assert.match(await at('etc/demo.conf.rpmnew'), /SLES 15 SP7/);
    assert.match(await at('etc/demo-strict.conf'), /SLES 15 SP7/);
    assert.match(await at('etc/demo-strict.conf.rpmsave'), /edited by the administrator/);
    const log = await at('var/lib/demo-scriptlets.log');
    assert.match(log, /^post demo-scriptlets 2\.0 2$/m);
    assert.match(log, /^postun demo-scriptlets 1\.0 1$/m);
    await access(path.join(root, 'var/log/zypp/history'));
  } finally {
    await served.close();
    await removeSystemRoot(root);
  }
});

test('zypper dup exits 106 when the repository is unreachable', async () => {
  const served = await serveDirectory((await ensureRepos()).sles15);
  const port = served.port;
  await served.close();
  const root = await makeSystemRoot({ targetRepoUrl: `http://127.0.0.1:${port}/sles15/` });
  try {
    const r = await zypper(root, DUP, { reject: false });
    assert.is(r.exitCode, 106);
    assert.ok((await installedPackages(root)).some((x) => x.startsWith('sles-release-12.5-')));
  } finally {
    await removeSystemRoot(root);
  }
});

test.run();
