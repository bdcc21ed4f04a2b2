// The FILES section of migrate(8) (docs/migrate.8) names exactly the host files of the code: logs, exit code, result line, reports, support bundle, journal, backups, lock, banner, staging, snapshot, wicked configuration, configuration.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hostDropinDir } from '../../../entrypoint/config/load.js';
import { HOST_FILES } from '../../../entrypoint/paths.js';
import { REPORT_FILES } from '../../../entrypoint/report/write.js';
import { writeSupportBundle } from '../../../entrypoint/support/bundle.js';
import { Exec } from '../../../entrypoint/system/exec.js';
import { NETWORK_PATHS } from '../../../entrypoint/system/network-paths.js';
import { backupStamp } from '../../../entrypoint/steps/wicked-nm.js';
import { MAN } from '../../helpers/host-package.js';
import { SHIM } from '../../helpers/shim.js';

/** A troff line as text: escapes for hyphens and no-hyphenation dropped, the words of a font macro (.I, .IR) joined. */
function troffText(line: string): string {
  const text = line
    .replace(/\\-/g, '-')
    .replace(/\\%/g, '')
    .replace(/\\f[BIRP]/g, '');
  return /^\.(I|IR|RI|B|BR|BI)\s/.test(text) ? text.split(/\s+/).slice(1).join('') : text;
}

/** The FILES section: each entry's path (the line after .TP) and every other path named in its text. */
async function manFiles(): Promise<{ entries: string[]; mentioned: string[] }> {
  const man = await readFile(MAN, 'utf8');
  const lines = man.split('.SH FILES\n')[1]!.split('\n.SH ')[0]!.split('\n');
  const entries: string[] = [];
  const mentioned: string[] = [];
  lines.forEach((line, i) => {
    if (line.startsWith('.\\"')) return;
    const text = troffText(line);
    if (lines[i - 1] === '.TP') entries.push(text);
    else for (const m of text.matchAll(/(?:^|[\s(])(\/[\w./*-]+\w|\/[\w./*-]+\/)/g)) mentioned.push(m[1]!);
  });
  return { entries, mentioned };
}

/** The support bundle's name with its time stamp as the man page writes it. */
const BUNDLE = '/var/log/distro_migration.support-TIME.tar.gz';
/** Where the SLE 16 step wicked-nm moves the wicked configuration, its per-run directory as the man page writes it. */
const WICKED_BACKUP = `${NETWORK_PATHS.migrationBackups}/STAMP${NETWORK_PATHS.sysconfigNetwork}/`;

/** A constant of the shim (NAME="value"). */
async function shimConstant(name: string): Promise<string | undefined> {
  return new RegExp(`^${name}="([^"]*)"$`, 'm').exec(await readFile(SHIM, 'utf8'))?.[1];
}

test('FILES lists exactly the host files of the code, each under its path in the code', async () => {
  const { entries } = await manFiles();
  const expected = [
    HOST_FILES.log,
    HOST_FILES.jsonLog,
    HOST_FILES.exitCode,
    HOST_FILES.result,
    await shimConstant('SHIM_LOG_FILE'),
    REPORT_FILES.json,
    REPORT_FILES.html,
    REPORT_FILES.text,
    BUNDLE,
    HOST_FILES.journal,
    `${HOST_FILES.backupDir}/`,
    HOST_FILES.lock,
    HOST_FILES.issue,
    HOST_FILES.staged,
    HOST_FILES.preSnapshot,
    NETWORK_PATHS.wickedConfigCache,
    WICKED_BACKUP,
    HOST_FILES.hostConfig,
  ];
  assert.equal(entries, expected);
});

test('every other path named in FILES is one the code uses', async () => {
  const { mentioned } = await manFiles();
  const known = new Set([
    HOST_FILES.productsBackup,
    HOST_FILES.issueBackup,
    HOST_FILES.packageCache,
    `${hostDropinDir(HOST_FILES.hostConfig)}/*.yml`,
  ]);
  for (const p of mentioned) assert.ok(known.has(p), `${p} (FILES of migrate.8) is not a path of the code`);
  assert.equal([...new Set(mentioned)].sort(), [...known].sort());
  // The products' backup is the backup folder's copy of the products directory.
  assert.is(HOST_FILES.productsBackup, `${HOST_FILES.backupDir}${HOST_FILES.productsDir}`);
});

test('the support bundle is written where FILES says (TIME: its UTC time stamp)', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-man-bundle-'));
  try {
    const root = path.join(dir, 'root');
    await mkdir(path.join(root, 'var/log'), { recursive: true });
    await writeFile(path.join(root, HOST_FILES.log), 'a log line\n');
    const hostPath = await writeSupportBundle(
      {
        systemRoot: root,
        ledger: path.join(dir, 'system-root.fstab'),
        imageConfig: path.join(dir, 'none.yml'),
        dropinDir: path.join(dir, 'none.d'),
        imageOsRelease: path.join(dir, 'os-release'),
      },
      new Exec(pino({ level: 'silent' })),
      '',
      new Date('2026-12-06T02:00:00Z'),
    );
    assert.is(hostPath, BUNDLE.replace('TIME', '20261206T020000Z'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('STAMP of the wicked backup is the local time of the run as YYYY-MM-DD-HH:MM, as FILES says', () => {
  assert.is(backupStamp(new Date(2026, 11, 6, 2, 5)), '2026-12-06-02:05');
});

test('the shim names the same log, result, lock and configuration files as the container', async () => {
  const shim = await readFile(SHIM, 'utf8');
  const constant = (name: string) => new RegExp(`^${name}="([^"]*)"$`, 'm').exec(shim)?.[1];
  assert.is(constant('LOG_FILE'), HOST_FILES.log);
  assert.is(constant('RESULT_FILE'), HOST_FILES.result);
  assert.is(constant('LOCK_FILE'), HOST_FILES.lock);
  assert.is(constant('HOST_CONFIG'), HOST_FILES.hostConfig);
  // The wicked configuration it saves for wicked2nm (SLE 16): the file the container's check and step read.
  assert.ok(shim.includes(`Saved the wicked configuration to ${NETWORK_PATHS.wickedConfigCache}`));
  assert.ok(shim.includes(`on_host ${path.posix.dirname(NETWORK_PATHS.wickedConfigCache)})`));
});

test.run();
