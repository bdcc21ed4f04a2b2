// The host's .repo files through the INI parser, and repository variables expanded as the machine's real zypper expands them.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expandRepoVariables, readRepoFiles, repoVariables } from '../../../entrypoint/system/repo-files.js';

const URLS = [
  'http://example.com/${releasever}/$basearch/repo',
  'http://example.com/$releasever_major/SP$releasever_minor/$arch/',
  'http://example.com/${nope:-fallback}/${basearch:+set}/${nope:+unset}/$unknown/${unknown}',
];

async function rootWith(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'dms-repos-'));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  return root;
}

/** The URIs `zypper lr -u` lists for the root, by alias (zypper's own expansion). */
async function zypperUrls(root: string, releasever?: string): Promise<Map<string, string>> {
  const { stdout } = await execa('zypper', [
    '--non-interactive',
    '--root',
    root,
    ...(releasever ? ['--releasever', releasever] : []),
    'lr',
    '-u',
  ]);
  const rows = stdout.split('\n').filter((l) => /^\s*\d+\s*\|/.test(l));
  return new Map(rows.map((l) => l.split('|').map((c) => c.trim())).map((c) => [c[1]!, c.at(-1)!]));
}

test('baseurl variables: the same URLs as the real zypper lists for the root, with and without a release', async () => {
  const root = await rootWith({
    '/etc/zypp/repos.d/vars.repo': URLS.map((u, i) => `[r${i}]\nname=r${i}\nenabled=1\nautorefresh=0\nbaseurl=${u}\n`).join('\n'),
  });
  try {
    for (const releasever of ['12.5', undefined]) {
      const expected = await zypperUrls(root, releasever);
      const ours = await readRepoFiles(root, await repoVariables(root, { arch: 'x86_64', ...(releasever ? { releasever } : {}) }));
      assert.equal(new Map(ours.map((r) => [r.alias, r.baseurl])), expected, `releasever ${releasever ?? '(none)'}`);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('sections with dots in the alias, keys in any case, enabled words, a key before any section, several files in name order', async () => {
  const root = await rootWith({
    '/etc/zypp/repos.d/b.repo': 'stray=1\n[repo-oss.15.7]\nname=OSS\nEnabled = no\nBaseURL=http://download.example.org/oss/\n',
    '/etc/zypp/repos.d/a.repo':
      '# comment\n[SLES15-SP7-Pool]\nenabled=1\nbaseurl=https://updates.example.com/$basearch/\n[local]\nbaseurl=dir:/srv/repo\n',
    '/etc/zypp/repos.d/ignored.txt': '[nope]\nbaseurl=http://nope/\n',
  });
  try {
    const repos = await readRepoFiles(root, new Map([['basearch', 'aarch64']]));
    assert.equal(
      repos.map((r) => [r.file, r.alias, r.baseurl, r.enabled]),
      [
        ['a.repo', 'SLES15-SP7-Pool', 'https://updates.example.com/aarch64/', true],
        ['a.repo', 'local', 'dir:/srv/repo', true],
        ['b.repo', 'repo-oss.15.7', 'http://download.example.org/oss/', false],
      ],
    );
    assert.is(repos[0]!.rawBaseurl, 'https://updates.example.com/$basearch/');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test("custom variables of the root's /etc/zypp/vars.d (first line of each file); names that cannot be variables are ignored", async () => {
  const root = await rootWith({ '/etc/zypp/vars.d/mirror': 'mirror.example.com\nignored\n', '/etc/zypp/vars.d/bad-name': 'x\n' });
  try {
    const vars = await repoVariables(root, { arch: 's390x', releasever: '15.7' });
    assert.is(
      expandRepoVariables('https://$mirror/$releasever/$basearch/${bad-name}', vars),
      'https://mirror.example.com/15.7/s390x/${bad-name}',
    );
    assert.not.ok(vars.has('bad-name'));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test.run();
