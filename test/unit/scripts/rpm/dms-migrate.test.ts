// The host package dms-migrate: rpmbuild builds it from scripts/rpm with its SUSE changelog, rpmlint passes the spec and the package, it requires what the shim runs.
import { copyFile, mkdir, mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CHANGES, LICENSE, RPMLINT_CONFIG, SPEC, buildHostPackage } from '../../../helpers/host-package.js';
import { SHIM } from '../../../helpers/shim.js';

const test = suite<{ dir: string; rpm: string }>('dms-migrate RPM', { dir: '', rpm: '' });

/**
 * rpmlint warnings that stay, each with why. Errors: none (scripts/rpm/rpmlint.toml explains its settings).
 * - no-manual-page-for-binary: Debian 12's rpmlint 2.4.0 compares the binary's name with the section of each
 *   man page ("8"), not its name, so it fires although migrate.8 is packaged (asserted below); later rpmlint
 *   compare the name, and openSUSE's configuration filters this warning anyway.
 */
const ALLOWED_WARNINGS = ['no-manual-page-for-binary migrate'];

/** rpmlint with the project's configuration: its exit code and its `E:` and `W:` lines, without the package name. */
async function rpmlint(...files: string[]): Promise<{ exitCode: number; errors: string[]; warnings: string[]; output: string }> {
  const r = await execa('rpmlint', ['-c', RPMLINT_CONFIG, ...files], { reject: false });
  const lines = r.stdout.split('\n');
  const of = (level: string) => lines.flatMap((l) => (l.includes(`: ${level}: `) ? [l.split(`: ${level}: `)[1]!] : []));
  return { exitCode: r.exitCode ?? -1, errors: of('E'), warnings: of('W'), output: `${r.stdout}\n${r.stderr}` };
}

/** The value of a preamble tag of the spec text. */
const tag = (spec: string, name: string) => new RegExp(`^${name}:\\s+(.+)$`, 'm').exec(spec)?.[1]?.trim();

test.before(async (ctx) => {
  ctx.dir = await mkdtemp(path.join(tmpdir(), 'dms-rpm-unit-'));
  ctx.rpm = await buildHostPackage(ctx.dir);
});

test.after(async (ctx) => {
  await rm(ctx.dir, { recursive: true, force: true });
});

test('rpmlint: no error in the spec or the built package, and no warning but the listed ones', async (ctx) => {
  const lint = await rpmlint(SPEC, ctx.rpm);
  assert.equal(lint.errors, [], lint.output);
  assert.is(lint.exitCode, 0, lint.output);
  for (const warning of lint.warnings) assert.ok(ALLOWED_WARNINGS.includes(warning), `unexpected rpmlint warning: ${warning}`);
  // The reason no-manual-page-for-binary is a false alarm: the man page is in the package.
  const files = (await execa('rpm', ['-qlp', ctx.rpm])).stdout.split('\n');
  assert.ok(
    files.some((f) => /^\/usr\/share\/man\/man8\/migrate\.8(\.gz)?$/.test(f)),
    files.join('\n'),
  );
});

test('the license: LICENSE (GPL-3.0-or-later) is packaged as %license', async (ctx) => {
  assert.is(tag(await readFile(SPEC, 'utf8'), 'License'), 'GPL-3.0-or-later');
  const licensed = (await execa('rpm', ['-qp', '--qf', '[%{FILEFLAGS:fflags} %{FILENAMES}\n]', ctx.rpm])).stdout
    .split('\n')
    .filter((l) => /^\S*l\S* /.test(l))
    .map((l) => l.split(' ')[1]!);
  assert.equal(licensed.length, 1, `files flagged %license: ${licensed.join(', ')}`);
  assert.match(licensed[0]!, /^\/usr\/share\/licenses\/dms-migrate[^/]*\/LICENSE$/);
  const packaged = await execa('sh', ['-c', `rpm2cpio "$1" | cpio -i --quiet --to-stdout ".${licensed[0]}"`, 'sh', ctx.rpm]);
  assert.ok(packaged.stdout === (await readFile(LICENSE, 'utf8')).trimEnd(), 'the packaged LICENSE is the project LICENSE');
  assert.match(packaged.stdout, /GNU GENERAL PUBLIC LICENSE\s+Version 3, 29 June 2007/);
});

test('the changelog: the newest .changes entry names the Version; the spec keeps its own changelog section empty', async (ctx) => {
  const spec = await readFile(SPEC, 'utf8');
  assert.is(spec.split(/^%changelog$/m)[1]?.trim(), '', 'the changelog is dms-migrate.changes, nothing follows %changelog in the spec');
  const changes = await readFile(CHANGES, 'utf8');
  const newest = changes.split(/^-{67}$/m).filter((e) => e.trim())[0] ?? '';
  const version = tag(spec, 'Version')!;
  assert.ok(newest.includes(version), `the newest entry of ${path.basename(CHANGES)} names ${version}:\n${newest}`);
  // The package carries it: changelog2spec turned each entry into one rpm changelog entry.
  const entries = (await execa('rpm', ['-qp', '--changelog', ctx.rpm])).stdout.split('\n').filter((l) => l.startsWith('* '));
  assert.is(entries.length, changes.split(/^-{67}$/m).filter((e) => e.trim()).length);
});

test('Requires: every program the shim runs on the host comes from a required package', async (ctx) => {
  const shim = await readFile(SHIM, 'utf8');
  // Program -> the SUSE package that ships it. wicked and biosdevname are left out on purpose: the shim runs
  // them only where the host has them (wicked.service enabled, biosdevname installed), as the spec says.
  const packageOf: Record<string, string> = {
    podman: 'podman',
    dracut: 'dracut',
    systemctl: 'systemd',
    udevadm: 'udev',
    getopt: 'util-linux',
    flock: 'util-linux',
    setsid: 'util-linux',
    sed: 'sed',
    grep: 'grep',
    id: 'coreutils',
    tail: 'coreutils',
    sort: 'coreutils',
    date: 'coreutils',
    uname: 'coreutils',
    readlink: 'coreutils',
  };
  for (const program of Object.keys(packageOf)) {
    assert.match(shim, new RegExp(`(^|[\\s(|$"])${program} `, 'm'), `the shim runs ${program}`);
  }
  const requires = (await execa('rpm', ['-qRp', ctx.rpm])).stdout.split('\n').filter((r) => !r.startsWith('rpmlib(') && !r.startsWith('/'));
  assert.equal(requires.sort(), [...new Set(['bash', ...Object.values(packageOf)])].sort());
  // The shim never runs systemctl kexec (soft_reboot has no effect in the container form): no kexec-tools.
  assert.not.match((await execa('rpm', ['-qp', '--recommends', ctx.rpm])).stdout, /kexec/);
});

test('rpmlint with this configuration is not toothless: another group, an SPDX-less license and a long summary are flagged', async (ctx) => {
  const dir = path.join(ctx.dir, 'variant');
  const original = await readFile(SPEC, 'utf8');
  const variant = original
    .replace(/^Group:.*$/m, 'Group:          Productivity/Other')
    .replace(/^License:.*$/m, 'License:        GPL-3.0+')
    .replace(/^Summary:.*$/m, `Summary:        ${'x'.repeat(80)}`);
  assert.is.not(variant, original);
  await mkdir(dir);
  const spec = path.join(dir, 'dms-migrate.spec');
  await writeFile(spec, variant);
  await copyFile(CHANGES, path.join(dir, 'dms-migrate.changes'));
  const lint = await rpmlint(spec, await buildHostPackage(dir, spec));
  assert.is.not(lint.exitCode, 0);
  assert.ok(
    lint.errors.some((e) => e.startsWith('summary-too-long')),
    lint.output,
  );
  assert.ok(lint.warnings.includes('non-standard-group Productivity/Other'), lint.output);
  assert.ok(lint.warnings.includes('invalid-license GPL-3.0+'), lint.output);
});

test.run();
