// Host package: rpmbuild builds dms-migrate from scripts/rpm/dms-migrate.spec and rpm installs it into a synthetic SLES 12 root.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bedEnv } from '../bed/rpm-env.js';
import { makeSystemRoot, removeSystemRoot } from '../bed/system-root.js';
import { exists } from '../helpers/host-root.js';
import { REPO, SHIM } from '../helpers/shim.js';
import { COMPLETION, MAN, SPEC, buildHostPackage, buildStandinProvider } from '../helpers/host-package.js';

const test = suite<{ dir: string; root: string }>('host shim: RPM package', { dir: '', root: '' });

test.before(async (ctx) => {
  ctx.dir = await mkdtemp(path.join(os.tmpdir(), 'dms-rpm-'));
  ctx.root = await makeSystemRoot({ targetRepoUrl: 'http://127.0.0.1:9/unused/' });
});

test.after(async (ctx) => {
  await rm(ctx.dir, { recursive: true, force: true });
  await removeSystemRoot(ctx.root);
});

test('spec, shim and package.json carry one version', async () => {
  const spec = await readFile(SPEC, 'utf8');
  const version = /^Version:\s+(\S+)$/m.exec(spec)?.[1];
  const pkg = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
  assert.is(version, pkg.version);
  assert.is((await execa(SHIM, ['--version'])).stdout, `migrate ${pkg.version}`);
  assert.match(await readFile(MAN, 'utf8'), new RegExp(`"dms-migrate ${pkg.version.replaceAll('.', '\\.')}"`));
});

test('man page and bash completion offer exactly the options of --help', async () => {
  const help = (await execa(SHIM, ['--help'])).stdout;
  const options = (text: string) => [...new Set([...text.matchAll(/(?<![\w-])--[a-z][a-z-]+/g)].map((m) => m[0]))].sort();
  const fromHelp = options(help.split('\nOptions apply')[0]!);
  const man = (await readFile(MAN, 'utf8')).replace(/\\-/g, '-');
  const manOptions = options(
    man.split('.SH OPTIONS')[1]!.split('.SH ENVIRONMENT')[0]! + man.split('.SH MODES')[1]!.split('.SH OPTIONS')[0]!,
  );
  assert.equal(manOptions, fromHelp);
  const completion = /options='([^']*)'/
    .exec(await readFile(COMPLETION, 'utf8'))![1]!
    .split(' ')
    .sort();
  assert.equal(completion, fromHelp);
  await execa('shellcheck', ['-s', 'bash', COMPLETION]);
});

test('rpmbuild builds dms-migrate; it installs into a synthetic SLES 12 root (dependencies from a stand-in package), files present, query back', async (ctx) => {
  const rpm = await buildHostPackage(ctx.dir);
  const listed = (await execa('rpm', ['-qlp', rpm])).stdout.split('\n');
  assert.equal(
    listed.filter((f) => !f.startsWith('/usr/share/man/') && !f.startsWith('/usr/share/licenses/')),
    ['/usr/sbin/migrate', '/usr/share/bash-completion/completions/migrate'].sort(),
  );
  assert.ok(
    listed.some((f) => /^\/usr\/share\/man\/man8\/migrate\.8(\.gz)?$/.test(f)),
    listed.join('\n'),
  );
  assert.ok(
    listed.some((f) => /^\/usr\/share\/licenses\/dms-migrate[^/]*\/LICENSE$/.test(f)),
    listed.join('\n'),
  );
  const requires = (await execa('rpm', ['-qRp', rpm])).stdout;
  assert.match(requires, /^podman$/m);

  const env = await bedEnv(ctx.root);
  const rpmRoot = ['--root', ctx.root, '--dbpath', '/var/lib/rpm', '--force-debian'];
  // Without podman & co. in the root, rpm refuses and names what is missing.
  const refused = await execa('rpm', [...rpmRoot, '-i', rpm], { env, reject: false });
  assert.is.not(refused.exitCode, 0);
  assert.match(refused.stderr, /podman is needed by dms-migrate/);

  const standin = await buildStandinProvider(ctx.dir);
  await execa('rpm', [...rpmRoot, '-i', standin, rpm], { env });

  const queried = await execa(
    'rpm',
    ['--root', ctx.root, '--dbpath', '/var/lib/rpm', '-q', '--qf', '%{NAME} %{VERSION}\n', 'dms-migrate'],
    { env },
  );
  assert.match(queried.stdout, /^dms-migrate \d+\.\d+\.\d+$/);
  const owned = (await execa('rpm', ['--root', ctx.root, '--dbpath', '/var/lib/rpm', '-ql', 'dms-migrate'], { env })).stdout.split('\n');
  for (const file of owned) assert.ok(await exists(ctx.root, file), `${file} is installed`);
  assert.is(await readFile(path.join(ctx.root, 'usr/sbin/migrate'), 'utf8'), await readFile(SHIM, 'utf8'));
  const verify = await execa('rpm', ['--root', ctx.root, '--dbpath', '/var/lib/rpm', '-V', 'dms-migrate'], { env, reject: false });
  assert.is(verify.exitCode, 0, verify.stdout);
});

test.run();
