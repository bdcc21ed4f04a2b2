// The HTML report of a real inhibited host in headless Chromium: what to type is on the first screen.
import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import * as assert from 'uvu/assert';
import { REPORT_FILES } from '../../../entrypoint/report/write.js';
import { installExtraPackages, LEGACY_AGENT } from '../../bed/extra-package.js';
import { makeSystemRoot, removeSystemRoot } from '../../bed/system-root.js';
import { bedSuite } from '../../helpers/bed-suite.js';
import { probeFold, screenshot } from '../../helpers/chromium.js';
import { capture } from '../../helpers/cli.js';

const test = bedSuite('report page');
const REPO = path.resolve(import.meta.dirname, '../../..');

test('an inhibited host: the inhibitor comes first, its removelock command and waiver entry visible above the fold at 1280x900', async (ctx) => {
  const root = await makeSystemRoot({ targetRepoUrl: ctx.url });
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-report-page-'));
  try {
    // A package the upgrade must replace, locked the way an administrator locks it: the solver cannot proceed.
    await installExtraPackages(root, [LEGACY_AGENT]);
    await execa('zypper', ['--non-interactive', '--root', root, 'addlock', 'legacy-agent']);
    const paths = {
      systemRoot: root,
      ledger: path.join(dir, 'system-root.fstab'),
      imageConfig: path.join(dir, 'migration-config.yml'),
      dropinDir: path.join(dir, 'migration-config.d'),
      imageOsRelease: path.join(dir, 'os-release'),
    };
    // The image's release: the target the report names.
    await writeFile(paths.imageOsRelease, 'NAME="SLES"\nVERSION_ID="15.7"\nPRETTY_NAME="SUSE Linux Enterprise Server 15 SP7"\nID="sles"\n');
    const r = await capture(['check', '--use-zypper-dup'], paths);
    assert.is(r.code, 1, r.out + r.err);
    const html = path.join(root, REPORT_FILES.html);
    // The first item of "Needs attention" is the inhibitor: the solver's problem caused by the lock.
    const first = '#attention > li:first-child';
    const probe = await probeFold(html, [`${first} > a`, `${first} .cmds code`, `${first} .snippet`]);
    assert.equal(
      probe.found[`${first} > a`]?.map((a) => a.text),
      ['solver-plan'],
    );
    const commands = probe.found[`${first} .cmds code`] ?? [];
    assert.ok(
      commands.some((c) => c.text === 'zypper removelock legacy-agent'),
      `the lock's own removelock command: ${JSON.stringify(commands)}`,
    );
    const snippets = probe.found[`${first} .snippet`] ?? [];
    assert.ok(
      snippets.some((s) => s.text.includes('- id: solver-plan')),
      `a waiver entry for the inhibitor: ${JSON.stringify(snippets)}`,
    );
    for (const el of [...commands, ...snippets])
      assert.ok(el.bottom <= probe.height, `"${el.text.split('\n')[0]}" ends at ${el.bottom}px, below the first ${probe.height}px`);

    const png = path.join(dir, 'report-inhibited.png');
    await screenshot(html, png);
    assert.ok((await stat(png)).size > 10_000, 'Chromium wrote a screenshot');
    // `DMS_UPDATE_SCREENSHOTS=1` refreshes the picture in docs/ from this very page.
    if (process.env.DMS_UPDATE_SCREENSHOTS === '1') await copyFile(png, path.join(REPO, 'docs/screenshots/report-inhibited.png'));
    assert.match(await readFile(html, 'utf8'), /zypper removelock legacy-agent/);
  } finally {
    await removeSystemRoot(root);
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
