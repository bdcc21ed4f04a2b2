// The structure rules of entrypoint/ that the types alone do not enforce: who builds zypper, rpm and chroot
// command lines, who may write files, and which steps may import which (docs/development.md, "Where things live").
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = path.resolve('entrypoint');

async function sources(dir = ROOT): Promise<Array<{ file: string; text: string }>> {
  const out: Array<{ file: string; text: string }> = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(full)));
    else if (entry.name.endsWith('.ts')) out.push({ file: path.relative(ROOT, full), text: await readFile(full, 'utf8') });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

/** Module specifiers a file imports (static and dynamic). */
function imports(text: string): string[] {
  return [...text.matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((m) => m[1]!);
}

test('each command line has one builder: zypper in system/zypper.ts, rpm in system/rpm-db.ts, chroot in system/host-programs.ts', async () => {
  const owners: Record<string, string> = { zypper: 'system/zypper.ts', rpm: 'system/rpm-db.ts', chroot: 'system/host-programs.ts' };
  const found: string[] = [];
  for (const { file, text } of await sources()) {
    for (const m of text.matchAll(/\[\s*'(zypper|rpm|chroot)'/g)) {
      if (owners[m[1]!] !== file) found.push(`${file}: builds a ${m[1]} command line`);
    }
  }
  assert.equal(found, []);
});

test('steps and checks change no file themselves: host files through the door (system/host-files.ts), container files through system/', async () => {
  const writers =
    /\b(writeFile|appendFile|rename|rm|rmdir|unlink|cp|copyFile|symlink|link|chmod|chown|mkdir|truncate|open|createWriteStream)\b/;
  const found: string[] = [];
  for (const { file, text } of await sources()) {
    if (!file.startsWith('steps/') && !file.startsWith('checks/')) continue;
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'node:fs(?:\/promises)?'/g)) {
      const names = m[1]!.split(',').map((n) => n.trim().split(/\s+as\s+/)[0]!);
      for (const name of names.filter((n) => writers.test(n))) found.push(`${file}: imports ${name} from node:fs`);
    }
  }
  assert.equal(found, []);
});

test('steps never import each other: shared helpers live in system/ or paths.ts', async () => {
  // The step a file belongs to: steps/prepare.ts and steps/prepare/cloud.ts both belong to prepare.
  const owner = (p: string) => p.replace(/\.(ts|js)$/, '').split('/')[1];
  const found: string[] = [];
  for (const { file, text } of await sources()) {
    if (!file.startsWith('steps/') || file === 'steps/index.ts' || file === 'steps/types.ts') continue;
    for (const spec of imports(text)) {
      if (!spec.startsWith('.')) continue;
      const target = path.relative(ROOT, path.resolve(ROOT, path.dirname(file), spec));
      if (!target.startsWith('steps/') || target === 'steps/types.js' || owner(target) === owner(file)) continue;
      found.push(`${file} imports ${target}`);
    }
  }
  assert.equal(found, []);
});

test.run();
