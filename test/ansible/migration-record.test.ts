// The migration record of the collection's role upgrade (migration-record.j2), rendered by ansible-core from what verify.yml reads on a host.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { actualChanges, comparePlan } from '../../entrypoint/plan/compare.js';
import { emptyPlan, type PlannedPackage } from '../../entrypoint/plan/types.js';
import { COLLECTION } from './fleet.js';

const TEMPLATE = path.join(COLLECTION, 'roles/upgrade/templates/migration-record.j2');

interface MigrationRecord {
  status: string;
  message: string;
  warnings: string[];
  verification: { staleRepositories: string[]; planComparison: { matches: boolean } | null };
}

const test = suite<{ dir: string }>('ansible role upgrade: the migration record', { dir: '' });

test.before(async (ctx) => {
  ctx.dir = await mkdtemp(path.join(os.tmpdir(), 'dms-record-'));
});

test.after(async (ctx) => {
  if (ctx.dir) await rm(ctx.dir, { recursive: true, force: true });
});

const b64 = (text: string) => Buffer.from(text).toString('base64');

/**
 * Renders migration-record.j2 with ansible-core (ansible localhost, template lookup) for a host that migrated from
 * 12.5 to 15.7 (exit code 0, os-release and base product of 15.7, no failed units), with `over` on top.
 */
async function render(dir: string, over: Record<string, unknown>): Promise<MigrationRecord> {
  const vars = {
    inventory_hostname: 'host1',
    dms_report_dir: dir,
    dms_reboot: false,
    dms_target_version: '',
    dms_target_product_version: '',
    dms_verify_failed_units: 'warn',
    __dms_run_rel: 'hosts/host1/runs/20261206T000000Z-migrate',
    __dms_started: { stdout: '2026-12-06T00:00:00' },
    __dms_run: { rc: 0, stdout: '', stderr: '' },
    __dms_os_release: { content: b64('NAME="SLES"\nVERSION_ID="15.7"\n') },
    __dms_base_product: { content: b64('<product><name>SLES</name><version>15.7</version></product>\n') },
    __dms_failed_units: { rc: 0, stdout: '', stderr: '' },
    __dms_repos: { rc: 0, stdout: '' },
    __dms_last_check: { version: '12.5', targetVersion: '15.7' },
    __dms_run_report: { kind: 'run', target: { versionId: '15.7' } },
    ...over,
  };
  const varsFile = path.join(dir, 'vars.json');
  const out = path.join(dir, 'record.json');
  await writeFile(varsFile, JSON.stringify(vars));
  await execa(
    'ansible',
    [
      'localhost',
      '-c',
      'local',
      '-e',
      `@${varsFile}`,
      '-m',
      'ansible.builtin.copy',
      '-a',
      `dest=${out} content={{ lookup('ansible.builtin.template', '${TEMPLATE}') }}`,
    ],
    {
      env: {
        ANSIBLE_NOCOLOR: '1',
        ANSIBLE_LOCALHOST_WARNING: 'false',
        ANSIBLE_INVENTORY_UNPARSED_WARNING: 'false',
        ANSIBLE_LOCAL_TEMP: path.join(dir, '.ansible-tmp'),
      },
    },
  );
  return JSON.parse(await readFile(out, 'utf8')) as MigrationRecord;
}

const pkg = (name: string): PlannedPackage => ({ name, kind: 'package', arch: 'x86_64', edition: '2-1', editionOld: '1-1' });

/** plan.comparison of a run report, as the migration computes it from its plan and rpm -qa before and after. */
function comparison(planned: string[], before: Record<string, string>, after: Record<string, string>) {
  const plan = { ...emptyPlan('dup-dry-run', 'zypper dup --dry-run'), computed: true, upgrade: planned.map(pkg) };
  const set = (list: Record<string, string>) => new Map(Object.entries(list).map(([name, evr]) => [name, [evr]]));
  return comparePlan(plan, actualChanges(set(before), set(after)));
}

test('packages planned but not changed and changed but not planned (plan.comparison of the run report) are a warning; the host still succeeds', async (ctx) => {
  const cmp = comparison(
    ['glibc', 'openssl'],
    { glibc: '2.22-1', openssl: '1.0-1', vim: '8-1' },
    { glibc: '2.38-1', openssl: '1.0-1', vim: '9-1' },
  );
  assert.equal([cmp.plannedNotDone, cmp.doneNotPlanned], [['openssl'], ['vim']]);
  const record = await render(ctx.dir, { __dms_run_report: { kind: 'run', target: { versionId: '15.7' }, plan: { comparison: cmp } } });
  assert.is(record.status, 'succeeded', record.message);
  assert.equal(record.warnings, ['the packages did not change as planned: not done [openssl], not planned [vim]']);
  assert.equal(record.verification.planComparison, JSON.parse(JSON.stringify(cmp)));
});

test('packages that changed as planned give no warning', async (ctx) => {
  const cmp = comparison(['glibc'], { glibc: '2.22-1', vim: '8-1' }, { glibc: '2.38-1', vim: '8-1' });
  assert.is(cmp.matches, true);
  const record = await render(ctx.dir, { __dms_run_report: { kind: 'run', target: { versionId: '15.7' }, plan: { comparison: cmp } } });
  assert.equal([record.status, record.warnings], ['succeeded', []]);
});

test('a repository is stale when it is enabled and its alias or URL names the release before, in any of its spellings (zypper --xmlout repos)', async (ctx) => {
  const root = path.join(ctx.dir, 'root');
  await mkdir(path.join(root, 'etc/zypp/repos.d'), { recursive: true });
  const repos: Array<[alias: string, url: string, enabled: boolean]> = [
    [
      'SUSE_Linux_Enterprise_Server_12_SP5_x86_64:SLES12-SP5-Pool',
      'https://updates.suse.com/SUSE/Products/SLE-SERVER/12-SP5/x86_64/product/',
      true,
    ],
    ['legacy', 'https://mirror.example.com/SUSE/Updates/SLE-Module-Legacy/12_SP5/x86_64/update/', true],
    ['local-dvd', 'dir:///srv/SLES12SP5-DVD/', true],
    ['tools', 'https://mirror.example.com/tools/12.5/', true],
    ['SLES12-SP5-Updates', 'https://updates.suse.com/SUSE/Updates/SLE-SERVER/12-SP5/x86_64/update/', false],
    ['SLES15-SP7-Pool', 'https://updates.suse.com/SUSE/Products/SLE-Product-SLES/15-SP7/x86_64/product/', true],
  ];
  for (const [alias, url, enabled] of repos)
    await writeFile(
      path.join(root, 'etc/zypp/repos.d', `${alias.replace(/[^\w.-]/g, '_')}.repo`),
      `[${alias}]\nname=${alias}\nenabled=${enabled ? 1 : 0}\nautorefresh=0\nbaseurl=${url}\ntype=rpm-md\n`,
    );
  const list = await execa('zypper', ['--non-interactive', '--xmlout', '--root', root, 'repos']);
  const record = await render(ctx.dir, { __dms_repos: { rc: 0, stdout: list.stdout } });
  const stale = ['SUSE_Linux_Enterprise_Server_12_SP5_x86_64:SLES12-SP5-Pool', 'legacy', 'local-dvd', 'tools'];
  assert.equal([...record.verification.staleRepositories].sort(), [...stale].sort());
  assert.equal(record.warnings, [`enabled repositories of the release before: ${record.verification.staleRepositories.join(', ')}`]);
  assert.is(record.status, 'succeeded');
});

test.run();
