// Host package: rpmbuild builds dms-migrate from scripts/rpm/dms-migrate.spec and rpm installs it into a synthetic SLES 12 root.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bedEnv } from '../bed/rpm-env.js';
import { makeSystemRoot, removeSystemRoot } from '../bed/system-root.js';
import { exists } from '../helpers/host-root.js';
import { REPO, SHIM } from '../helpers/shim.js';

const SPEC = path.join(REPO, 'scripts/rpm/dms-migrate.spec');
const MAN = path.join(REPO, 'docs/migrate.8');
const COMPLETION = path.join(REPO, 'scripts/rpm/migrate.bash-completion');

const test = suite<{ dir: string; root: string }>('host shim: RPM package', { dir: '', root: '' });

test.before(async (ctx) => {
  ctx.dir = await mkdtemp(path.join(os.tmpdir(), 'dms-rpm-'));
  ctx.root = await makeSystemRoot({ targetRepoUrl: 'http://127.0.0.1:9/unused/' });
});

test.after(async (ctx) => {
  await rm(ctx.dir, { recursive: true, force: true });
  await removeSystemRoot(ctx.root);
});

async function rpmbuild(dir: string, spec: string, sources: string[]): Promise<string> {
  const src = path.join(dir, 'SOURCES');
  await mkdir(src, { recursive: true });
  for (const file of sources) await copyFile(file, path.join(src, path.basename(file)));
  const top = path.join(dir, 'top');
  await execa('rpmbuild', ['-bb', '--define', `_topdir ${top}`, '--define', `_sourcedir ${src}`, spec], { env: await bedEnv() });
  const { stdout } = await execa('find', [path.join(top, 'RPMS'), '-name', '*.rpm']);
  const rpms = stdout.split('\n').filter(Boolean);
  assert.is(rpms.length, 1, stdout);
  return rpms[0]!;
}

/** What the shim's package requires that a bare synthetic root lacks, provided by one stand-in package. */
function standinProviderSpec(): string {
  return `Name: dms-standin-host-tools
Version: 1
Release: 0
Summary: Test stand-in that provides the host tools the shim requires (podman, bash, util-linux ...)
License: MIT
BuildArch: noarch
Provides: podman bash /bin/bash util-linux coreutils grep sed
%description
Stand-in for the SLES packages podman, bash, util-linux, coreutils, grep and sed in a synthetic root.
%files
`;
}

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
  const manOptions = options(man.split('.SH OPTIONS')[1]!.split('.SH ENVIRONMENT')[0]! + man.split('.SH MODES')[1]!.split('.SH OPTIONS')[0]!);
  assert.equal(manOptions, fromHelp);
  const completion = /options='([^']*)'/.exec(await readFile(COMPLETION, 'utf8'))![1]!.split(' ').sort();
  assert.equal(completion, fromHelp);
  await execa('shellcheck', ['-s', 'bash', COMPLETION]);
});

test('rpmbuild builds dms-migrate; it installs into a synthetic SLES 12 root (dependencies from a stand-in package), files present, query back', async (ctx) => {
  const rpm = await rpmbuild(path.join(ctx.dir, 'shim'), SPEC, [SHIM, MAN, COMPLETION]);
  const listed = (await execa('rpm', ['-qlp', rpm])).stdout.split('\n');
  assert.equal(listed.filter((f) => !f.startsWith('/usr/share/man/')),
    ['/usr/sbin/migrate', '/usr/share/bash-completion/completions/migrate'].sort());
  assert.ok(listed.some((f) => /^\/usr\/share\/man\/man8\/migrate\.8(\.gz)?$/.test(f)), listed.join('\n'));
  const requires = (await execa('rpm', ['-qRp', rpm])).stdout;
  assert.match(requires, /^podman$/m);

  const env = await bedEnv(ctx.root);
  const rpmRoot = ['--root', ctx.root, '--dbpath', '/var/lib/rpm', '--force-debian'];
  // Without podman & co. in the root, rpm refuses and names what is missing.
  const refused = await execa('rpm', [...rpmRoot, '-i', rpm], { env, reject: false });
  assert.is.not(refused.exitCode, 0);
  assert.match(refused.stderr, /podman is needed by dms-migrate/);

  const provider = path.join(ctx.dir, 'standin.spec');
  await writeFile(provider, standinProviderSpec());
  const standin = await rpmbuild(path.join(ctx.dir, 'standin'), provider, []);
  await execa('rpm', [...rpmRoot, '-i', standin, rpm], { env });

  const queried = await execa('rpm', ['--root', ctx.root, '--dbpath', '/var/lib/rpm', '-q', '--qf', '%{NAME} %{VERSION}\n', 'dms-migrate'], { env });
  assert.match(queried.stdout, /^dms-migrate \d+\.\d+\.\d+$/);
  const owned = (await execa('rpm', ['--root', ctx.root, '--dbpath', '/var/lib/rpm', '-ql', 'dms-migrate'], { env })).stdout.split('\n');
  for (const file of owned) assert.ok(await exists(ctx.root, file), `${file} is installed`);
  assert.is(await readFile(path.join(ctx.root, 'usr/sbin/migrate'), 'utf8'), await readFile(SHIM, 'utf8'));
  const verify = await execa('rpm', ['--root', ctx.root, '--dbpath', '/var/lib/rpm', '-V', 'dms-migrate'], { env, reject: false });
  assert.is(verify.exitCode, 0, verify.stdout);
});

test.run();
