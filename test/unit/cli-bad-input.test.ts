// Bad-input corpus: malformed configuration files, options and product strings, each refused in one line, host root unchanged.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ContainerPaths } from '../../entrypoint/paths.js';
import { capture } from '../helpers/cli.js';
import { treeHash } from '../helpers/host-root.js';

interface Case {
  name: string;
  /** Host /etc/sle-migration-service.yml content. */
  host?: string | Buffer;
  /** An image drop-in (name, content). */
  dropin?: [string, string];
  /** Image default /etc/migration-config.yml content. */
  image?: string;
  argv?: string[];
  /** The one error line must match this. */
  expect: RegExp;
}

const HOST = /^dms: config error in .*\/root\/etc\/sle-migration-service\.yml: /;
const bomb = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  ...'bcdefghi'.split('').map(
    (c, i) =>
      `${c}: &${c} [${Array(9)
        .fill(`*${String.fromCharCode(97 + i)}`)
        .join(',')}]`,
  ),
].join('\n');

const CASES: Case[] = [
  {
    name: 'YAML syntax error (SPEC fixture corrupt-mess)',
    host: 'debug: true\nbut:this is horribly broken!\n',
    expect: /YAML syntax error at line 2/,
  },
  {
    name: 'a scalar document (corrupt-string)',
    host: 'name:value_but_missing_space\n',
    expect: /the document is a string .*not a mapping/,
  },
  {
    name: 'schema violation (violates-schema)',
    host: "debug: 'must be boolean'\npreserve: 'must be a dict'\nunknown_key: 1\n",
    expect: /debug: .*preserve: must be a mapping/,
  },
  { name: 'a list document', host: '- debug\n- true\n', expect: /the document is a list/ },
  { name: 'a bare number document', host: '42\n', expect: /the document is a number/ },
  { name: 'a boolean as a string', host: 'debug: "yes"\n', expect: /debug: / },
  { name: 'a boolean as a number', host: 'use_zypper_migration: 1\n', expect: /use_zypper_migration: / },
  { name: 'an unknown top-level key', host: 'reboot_now: true\n', expect: /reboot_now/ },
  { name: 'an unknown key with shell metacharacters', host: '"$(reboot); `id` | rm -rf /": true\n', expect: /\$\(reboot\)/ },
  {
    name: 'an unknown nested key',
    host: 'preserve:\n  rules: []\n  evil: [/etc/shadow]\n',
    expect: /preserve: must be a mapping with the keys rules, static, sysctl/,
  },
  { name: 'a null preserve list', host: 'preserve:\n  rules:\n', expect: /preserve\.rules: / },
  { name: 'preserve as a list', host: 'preserve: [/etc/hosts]\n', expect: /preserve: must be a mapping/ },
  { name: 'network as a list', host: 'network: []\n', expect: /network: must be a mapping/ },
  {
    name: 'network switch as a string',
    host: 'network:\n  wicked2nm-continue-migration: "true"\n',
    expect: /network\.wicked2nm-continue-migration: /,
  },
  // Products that could shape a command line: refused by the schema's NAME/VERSION/ARCH pattern.
  ...(
    [
      ['with a shell command', 'migration_product: "SLES/15.7/x86_64; reboot"'],
      ['with command substitution', 'migration_product: "$(reboot)/15.7/x86_64"'],
      ['as a path traversal', 'migration_product: ../../../etc/passwd'],
      ['with a newline', 'migration_product: "SLES/15.7/x86_64\\n--root=/"'],
      ['in unicode look-alikes', 'migration_product: "ＳＬＥＳ/15.7/x86_64"'],
      ['with a right-to-left override', 'migration_product: "SLES/15.7/x86\u202e_64"'],
    ] as const
  ).map(([what, host]) => ({ name: `migration_product ${what}`, host: `${host}\n`, expect: /migration_product: must look like/ })),
  { name: 'migration_product as a number', host: 'migration_product: 15.7\n', expect: /migration_product: / },
  { name: 'migration_product as a mapping', host: 'migration_product: {name: SLES}\n', expect: /migration_product: / },
  { name: 'a huge value (1 MB)', host: `migration_product: "${'A'.repeat(1_000_000)}"\n`, expect: /migration_product: must look like/ },
  { name: 'duplicate keys', host: 'debug: false\ndebug: true\n', expect: /YAML syntax error.*(unique|duplicate)/i },
  { name: 'a YAML alias bomb (billion laughs)', host: `${bomb}\ndebug: *i\n`, expect: /alias|resource/i },
  { name: 'a merge key from an anchor', host: 'base: &b {debug: true}\n<<: *b\n', expect: /base|<</ },
  { name: 'an unknown tag', host: 'debug: !!js/function "function(){ return true }"\n', expect: /debug|tag/i },
  { name: 'deeply nested lists', host: `preserve:\n  rules: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, expect: /./ },
  { name: 'two YAML documents', host: 'debug: false\n---\ndebug: true\n', expect: /YAML syntax error|document/ },
  { name: 'tab indentation', host: 'preserve:\n\trules: []\n', expect: /YAML syntax error/ },
  { name: 'binary garbage', host: Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a, 0x3a, 0x0a, 0x07]), expect: /./ },
  { name: 'plan_timeout as a string', host: 'plan_timeout: "30m"\n', expect: /plan_timeout: must be a number of seconds/ },
  { name: 'plan_timeout below its floor', host: 'plan_timeout: 0\n', expect: /plan_timeout: must be at least 10/ },
  { name: 'plan_timeout as a fraction', host: 'plan_timeout: 90.5\n', expect: /plan_timeout: must be a whole number of seconds/ },
  {
    name: 'a broken image drop-in names the drop-in',
    dropin: ['50-broken.yml', 'debug: [\n'],
    expect: /^dms: config error in .*migration-config\.d\/50-broken\.yml: YAML syntax error/,
  },
  {
    name: 'a schema-violating image default names the image file',
    image: 'soft_reboot: maybe\n',
    expect: /^dms: config error in .*migration-config\.yml: soft_reboot: /,
  },
  { name: '--product with a shell separator', argv: ['run', '--product', 'SLES/15.7/x86_64;reboot'], expect: /is not NAME\/VERSION\/ARCH/ },
  { name: '--product as a path traversal', argv: ['run', '--product', '../../etc/passwd'], expect: /is not NAME\/VERSION\/ARCH/ },
  { name: '--product empty', argv: ['run', '--product', ''], expect: /is not NAME\/VERSION\/ARCH/ },
  { name: '--product with command substitution', argv: ['run', '--product', '$(id)/1/x'], expect: /is not NAME\/VERSION\/ARCH/ },
  { name: '--product with a NUL byte', argv: ['run', '--product', 'SLES/15.7\0/x86_64'], expect: /is not NAME\/VERSION\/ARCH/ },
  { name: '--product in unicode', argv: ['run', '--product', 'SLES/15.7/x86_64\u00a0'], expect: /is not NAME\/VERSION\/ARCH/ },
  { name: '--product without its value', argv: ['run', '--product'], expect: /argument missing/ },
  { name: 'an unknown option', argv: ['run', '--reboot-now'], expect: /unknown option '--reboot-now'/ },
  { name: 'an unknown command', argv: ['migrate-everything'], expect: /unknown command/ },
  { name: 'an extra argument', argv: ['run', 'now'], expect: /too many arguments|excess|unknown/ },
  { name: 'rollback --snapshot that is no number', argv: ['rollback', '--snapshot', '1;reboot'], expect: /is not a snapshot number/ },
  { name: 'rollback on a root that is not btrfs', argv: ['rollback'], expect: /not btrfs: there are no snapshots to roll back to/ },
  { name: 'rollback --snapshot too large', argv: ['rollback', '--snapshot', '99999999999999999999'], expect: /is not a snapshot number/ },
];

test(`the corpus has at least 30 cases (${CASES.length})`, () => {
  assert.ok(CASES.length >= 30);
});

for (const c of CASES) {
  test(`bad input: ${c.name} -> one line, exit 2, host root unchanged`, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dms-bad-'));
    try {
      const root = path.join(dir, 'root');
      await mkdir(path.join(root, 'etc/products.d'), { recursive: true });
      await writeFile(path.join(root, 'etc/issue'), 'Welcome to SLES 12 SP5\n');
      await writeFile(path.join(root, 'etc/hosts'), '127.0.0.1 localhost\n');
      if (c.host !== undefined) await writeFile(path.join(root, 'etc/sle-migration-service.yml'), c.host);
      const p: ContainerPaths = {
        systemRoot: root,
        ledger: path.join(dir, 'fstab'),
        imageConfig: path.join(dir, 'migration-config.yml'),
        dropinDir: path.join(dir, 'migration-config.d'),
        imageOsRelease: path.join(dir, 'os-release'),
      };
      if (c.image !== undefined) await writeFile(p.imageConfig, c.image);
      if (c.dropin) {
        await mkdir(p.dropinDir);
        await writeFile(path.join(p.dropinDir, c.dropin[0]), c.dropin[1]);
      }
      const before = await treeHash(root);
      const r = await capture(c.argv ?? ['run', '--use-zypper-dup'], p);
      assert.is(r.code, 2, `exit code; stderr: ${r.err.slice(0, 300)}`);
      const lines = r.err.trimEnd().split('\n');
      assert.is(lines.length, 1, `one line, got: ${r.err.slice(0, 600)}`);
      assert.ok(lines[0]!.length < 1000, `the line stays short (${lines[0]!.length} characters)`);
      assert.match(lines[0]!, /^dms: /);
      assert.match(lines[0]!, c.expect);
      if (c.host !== undefined && !c.argv) assert.match(lines[0]!, HOST, 'names the host file');
      assert.is(await treeHash(root), before, 'the host root is unchanged');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

test.run();
