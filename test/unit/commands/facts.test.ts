// `check` and `run` see the same facts for the same host and options (their reports say so), edge cases included:
// an image without VERSION_ID, --product given, plugin and dup mode. The host is a container (an inhibitor), so
// `run` stops at its pre-flight gate with its report written and nothing else changed.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Report } from '../../../entrypoint/report/model.js';
import { capture, cliPaths } from '../../helpers/cli.js';
import { SLES_PROD } from '../../helpers/check-root.js';

async function host(imageVersionId: string | undefined) {
  const p = await cliPaths();
  await mkdir(path.join(p.systemRoot, 'etc/products.d'), { recursive: true });
  await mkdir(path.join(p.systemRoot, 'run'), { recursive: true });
  await writeFile(path.join(p.systemRoot, 'etc/products.d/SLES.prod'), SLES_PROD());
  await writeFile(
    path.join(p.systemRoot, 'etc/os-release'),
    'NAME="SLES"\nVERSION_ID="15.7"\nPRETTY_NAME="SUSE Linux Enterprise Server 15 SP7"\n',
  );
  await writeFile(path.join(p.systemRoot, 'run/.containerenv'), '');
  await writeFile(p.imageOsRelease, `NAME="SLES"\n${imageVersionId ? `VERSION_ID="${imageVersionId}"\n` : ''}`);
  return p;
}

async function reportOf(p: Awaited<ReturnType<typeof host>>): Promise<Report> {
  return JSON.parse(await readFile(path.join(p.systemRoot, 'var/log/distro_migration.report.json'), 'utf8')) as Report;
}

/** What both commands must agree on. */
const seen = (r: Report) => ({ host: r.host, target: r.target, facts: r.facts, mode: r.plan?.mode });

const cases: Array<[string, string | undefined, string[], Partial<Report['facts']>]> = [
  [
    'SLE 16 image, plugin mode, detected product',
    '16.0',
    [],
    { mode: 'plugin', targetProduct: 'SLES/16.0/x86_64', targetProductSource: 'detected' },
  ],
  ['SLE 16 image, dup mode', '16.0', ['--use-zypper-dup'], { mode: 'dup' }],
  [
    '--product given',
    '16.0',
    ['--product', 'SLES_SAP/16.0/x86_64'],
    { targetProduct: 'SLES_SAP/16.0/x86_64', targetProductSource: 'configured' },
  ],
  ['an image without VERSION_ID, plugin mode', undefined, [], { mode: 'plugin' }],
  ['an image without VERSION_ID, --product given', undefined, ['--product', 'SLES/15.7/x86_64'], { targetProduct: 'SLES/15.7/x86_64' }],
];

for (const [what, version, options, expected] of cases) {
  test(`check and run agree on the facts: ${what}`, async () => {
    const p = await host(version);
    const checked = await capture(['check', ...options], p);
    assert.is(checked.code, 1, checked.out + checked.err);
    const fromCheck = await reportOf(p);
    const ran = await capture(['run', ...options], p);
    assert.is(ran.code, 1, ran.out + ran.err);
    const fromRun = await reportOf(p);
    assert.equal([fromCheck.kind, fromRun.kind, fromRun.result], ['check', 'run', 'inhibited']);
    assert.equal(seen(fromRun), seen(fromCheck));
    for (const [key, value] of Object.entries(expected)) assert.equal(fromRun.facts[key as keyof Report['facts']], value, key);
    assert.is(fromRun.facts.baseProduct, 'SLES/15.7/x86_64');
    assert.is(fromRun.target.versionId, version ?? options[1]?.split('/')[1] ?? 'unknown');
  });
}

test('without VERSION_ID and without --product, plugin mode has no target product, and both say why the same way', async () => {
  const p = await host(undefined);
  await capture(['check'], p);
  const check = await reportOf(p);
  await capture(['run'], p);
  const run = await reportOf(p);
  assert.is(run.facts.targetProduct, undefined);
  const why = (r: Report) => r.plan?.errors.join(' ');
  assert.match(why(run) ?? '', /Migration product not found, aborting migration attempt\. \(the migration image names no VERSION_ID\)/);
  assert.is(why(run), why(check));
});

test.run();
