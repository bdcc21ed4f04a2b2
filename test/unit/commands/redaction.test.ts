// The redaction corpus (test/helpers/secrets.ts) against every output of every command on one seeded root:
// stdout and stderr of check, config, support-bundle and an inhibited run, every file they leave under /var/log,
// and every file of the extracted support bundle. Nothing may hold a secret or a piece of one.
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SLES_PROD } from '../../helpers/check-root.js';
import { capture, cliPaths } from '../../helpers/cli.js';
import { filesBelow } from '../../helpers/host-root.js';
import { leakedSecrets, seedSecrets } from '../../helpers/secrets.js';

test('no command output, log, report or bundle file holds a secret of the corpus, in any of its forms', async () => {
  const p = await cliPaths();
  const root = p.systemRoot;
  await mkdir(path.join(root, 'etc/products.d'), { recursive: true });
  await writeFile(path.join(root, 'etc/products.d/SLES.prod'), SLES_PROD());
  await writeFile(path.join(root, 'etc/os-release'), 'NAME="SLES"\nVERSION_ID="15.7"\n');
  await writeFile(p.imageOsRelease, 'VERSION_ID="16.0"\n');
  await seedSecrets(root);
  // The host is a container: `run` stops at its pre-flight gate, with its logs and report written.
  await mkdir(path.join(root, 'run'), { recursive: true });
  await writeFile(path.join(root, 'run/.containerenv'), '');

  const outputs: Array<[string, string]> = [];
  for (const argv of [['check', '--use-zypper-dup'], ['config', '--use-zypper-dup'], ['run', '--use-zypper-dup'], ['support-bundle']]) {
    const r = await capture(argv, p);
    outputs.push([`${argv[0]} stdout`, r.out], [`${argv[0]} stderr`, r.err]);
    if (argv[0] === 'check') assert.match(r.out, /SLE-Product-SLES15-SP7-Pool/, 'the check saw the repositories (its evidence names them)');
  }
  const bundleName = outputs.find(([what]) => what === 'support-bundle stdout')![1].trim();
  const extracted = await mkdtemp(path.join(tmpdir(), 'dms-bundle-x-'));
  await execa('tar', ['-xzf', path.join(root, bundleName), '-C', extracted]);
  for (const file of [...(await filesBelow(path.join(root, 'var/log'))), ...(await filesBelow(extracted))]) {
    if (file.endsWith('.tar.gz')) continue;
    outputs.push([file, (await readFile(file)).toString('latin1')]);
  }
  assert.ok(
    outputs.some(([what]) => what.endsWith('distro_migration.jsonl')),
    'the run wrote its JSON log',
  );
  assert.ok(
    outputs.some(([what]) => what.endsWith('host/etc/zypp/repos.d/broken.repo')),
    'the file with a NUL byte is in the bundle',
  );
  const leaks = outputs.flatMap(([what, text]) => leakedSecrets(text).map((secret) => `${what}: ${secret}`));
  assert.equal(leaks, []);
  // JSON outputs stay JSON, whatever was masked in them.
  for (const [what, text] of outputs.filter(([w]) => /\.jsonl?$/.test(w))) {
    for (const line of what.endsWith('.jsonl') ? text.split('\n').filter(Boolean) : [text]) JSON.parse(line);
  }
});

test('logs, reports and the bundle are readable by root (and its group) only', async () => {
  const p = await cliPaths();
  await writeFile(p.imageOsRelease, 'VERSION_ID="16.0"\n');
  await mkdir(path.join(p.systemRoot, 'run'), { recursive: true });
  await writeFile(path.join(p.systemRoot, 'run/.containerenv'), '');
  await capture(['run', '--use-zypper-dup'], p);
  const bundle = (await capture(['support-bundle'], p)).out.trim();
  const mode = async (hostPath: string) => (await stat(path.join(p.systemRoot, hostPath))).mode & 0o777;
  for (const file of ['distro_migration.log', 'distro_migration.jsonl', 'distro_migration.report.json', 'distro_migration.report.html']) {
    assert.is(await mode(`/var/log/${file}`), 0o640, file);
  }
  assert.is(await mode(bundle), 0o600);
});

test.run();
