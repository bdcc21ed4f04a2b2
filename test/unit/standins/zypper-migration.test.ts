// The zypper-migration stand-in held against the real plugin (SUSE/connect-ng @ ca78c8a, cmd/zypper-migration):
// its options, SCC calls, zypper command lines, messages, exit codes and rollback, run with the machine's real
// zypper on synthetic SLES 12 SP5 roots against the SCC stand-in and connect-ng's fixture cases.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { migrationArgv } from '../../../entrypoint/system/zypper.js';
import { machineArch } from '../../bed/arch.js';
import { serveDirectory } from '../../bed/repo-server.js';
import { ensureRepos } from '../../bed/repos.js';
import { makeSystemRoot, removeSystemRoot, TARGET_REPO_FILE } from '../../bed/system-root.js';
import { rpmPackages } from '../../helpers/host-root.js';
import {
  goShapedTarget,
  registerRoot,
  SCC_PASSWORD,
  SCC_USER,
  type SccCaseName,
  sccCase,
  type SccStandin,
  type SccStandinOptions,
  startSccStandin,
} from '../../standins/index.js';

const PLUGIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../standins/zypper-migration');
const ARCH = machineArch();
const SOURCE = `SLES/12.5/${ARCH}`;
const TARGET = `SLES/15.7/${ARCH}`;
const SLES157 = {
  identifier: 'SLES',
  version: '15.7',
  arch: ARCH,
  friendly_name: `SUSE Linux Enterprise Server 15 SP7 ${ARCH}`,
  base: true,
  product_type: 'base',
};
const SERVICE_12 = `SLES_12.5_${ARCH}`;
const SERVICE_157 = `SUSE_Linux_Enterprise_Server_15_SP7_${ARCH}`;

interface Bed {
  root: string;
  /** The "running system" of the plugin (the container): /etc/SUSEConnect and SCCcredentials. */
  system: string;
  scc: SccStandin;
  close(): Promise<void>;
}

/** A SLES 12 SP5 root registered (SLES 12 SP5 activated, its service added) against an SCC stand-in with `opts`. */
async function bed(opts: Partial<SccStandinOptions>, targetRepo?: string): Promise<Bed> {
  const repos = await ensureRepos();
  const source = await serveDirectory(repos.sles12);
  const target = await serveDirectory(repos.sles15);
  const { fault, ...answers } = opts;
  const scc = await startSccStandin({
    username: SCC_USER,
    password: SCC_PASSWORD,
    ...answers,
    repos: { [SOURCE]: source.url, [TARGET]: targetRepo ?? target.url },
  });
  const root = await makeSystemRoot({ targetRepoUrl: target.url });
  await rm(path.join(root, TARGET_REPO_FILE));
  await registerRoot(root, scc.url, { product: SOURCE });
  scc.setFault(fault); // faults start after the registration
  // The container's files, as prepare makes them: the host's /etc/SUSEConnect copied, the host's /etc/zypp bound.
  const system = await mkdtemp(path.join(tmpdir(), 'dms-plugin-system-'));
  await mkdir(path.join(system, 'etc/zypp/credentials.d'), { recursive: true });
  for (const file of ['etc/SUSEConnect', 'etc/zypp/credentials.d/SCCcredentials']) {
    await writeFile(path.join(system, file), await readFile(path.join(root, file)));
  }
  return {
    root,
    system,
    scc,
    async close() {
      await scc.close();
      await source.close();
      await target.close();
      await removeSystemRoot(root);
      await rm(system, { recursive: true, force: true });
    },
  };
}

/** The running system of runs without a bed (they stop before any file is read but the record is written). */
const NO_BED = await mkdtemp(path.join(tmpdir(), 'dms-plugin-system-'));

async function plugin(b: Bed | undefined, args: string[], env: Record<string, string> = {}) {
  const r = await execa('node', [PLUGIN, ...args], {
    reject: false,
    stdin: 'ignore',
    stripFinalNewline: false,
    env: {
      ZYPPER_MIGRATION_STANDIN_SYSTEM: b?.system ?? NO_BED,
      ...(b ? { ZYPP_CONF: path.join(b.root, 'etc/zypp/zypp.conf') } : {}),
      ...env,
    },
  });
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/** The zypper command lines the plugin printed (`Executing '...'`), with the root shown as R. */
const executed = (stdout: string, root: string) => [...stdout.matchAll(/^Executing '(.*)'$/gm)].map((m) => m[1]!.replaceAll(root, 'R'));
/** The SCC calls after registration, as METHOD PATH (libzypp's repoindex.xml fetches left out). */
const calls = (scc: SccStandin) =>
  scc.requests
    .filter((r) => r.path.startsWith('/connect/'))
    .slice(1)
    .map((r) => `${r.method} ${r.path}`);

/** The project's plugin-mode command line, as the upgrade step runs it. */
const projectArgs = (root: string) => migrationArgv({ systemRoot: root, product: TARGET, verbose: false, debugSolver: false }).slice(2);

test("a migration as the upgrade step runs it: connect-ng's SCC calls and bodies, its zypper command lines, SCC services, real dup; exit 0", async () => {
  const b = await bed({ offline: { [TARGET]: [[SLES157]] } });
  try {
    const r = await plugin(b, projectArgs(b.root));
    assert.is(r.exitCode, 0, r.stdout + r.stderr);
    assert.equal(executed(r.stdout, b.root), [
      '/usr/bin/zypper --root R --non-interactive --gpg-auto-import-keys ref',
      '/usr/bin/zypper --root R --disable-repositories --xmlout --non-interactive products -i',
      ...executed(r.stdout, b.root)
        .filter((c) => / install .* -t product /.test(c))
        .slice(0, 2),
      '/usr/bin/zypper --root R --xmlout --non-interactive services -d',
      `/usr/bin/zypper --root R --non-interactive removeservice ${SERVICE_12}`,
      '/usr/bin/zypper --root R --gpg-auto-import-keys --xmlout --no-refresh --non-interactive search -s --match-exact -t product SLES',
      '/usr/bin/zypper --root R --xmlout --non-interactive repos -d',
      `/usr/bin/zypper --root R --non-interactive removeservice ${SERVICE_157}`,
      `/usr/bin/zypper --root R --non-interactive addservice -t ris ${b.scc.url}/access/services/2?credentials=${SERVICE_157} ${SERVICE_157}`,
      `/usr/bin/zypper --root R --non-interactive modifyservice -r ${SERVICE_157}`,
      `/usr/bin/zypper --root R --non-interactive refs ${SERVICE_157}`,
      '/usr/bin/zypper --root R --releasever 15.7 --gpg-auto-import-keys ref -f',
      // connect-ng's verified dist-upgrade line for the project's arguments (connect-ng-notes.md §2.3).
      '/usr/bin/zypper --root R --non-interactive --releasever 15.7 --no-refresh dist-upgrade --auto-agree-with-licenses --auto-agree-with-licenses --download in-advance --replacefiles --allow-vendor-change',
      '/usr/bin/zypper --root R --disable-repositories --xmlout --non-interactive products -i',
      ...executed(r.stdout, b.root)
        .filter((c) => / install .* -t product /.test(c))
        .slice(2),
    ]);
    assert.match(r.stdout, new RegExp(`^Upgrading product SUSE Linux Enterprise Server 15 SP7 ${ARCH}$`, 'm'));
    assert.not.match(r.stdout, /Retrieving|Installing:/, "under --non-interactive zypper's own output is not shown (connect-ng >= 1.23)");

    assert.equal(calls(b.scc), [
      'GET /connect/systems/activations',
      'POST /connect/systems/products/offline_migrations',
      'PUT /connect/systems/products',
      'GET /connect/systems/activations',
    ]);
    const query = b.scc.requests.find((q) => q.path.endsWith('/offline_migrations'))!;
    const body = query.body as { installed_products: Array<Record<string, unknown>>; target_base_product: unknown };
    assert.equal(body.target_base_product, goShapedTarget('SLES', '15.7', ARCH));
    const base = body.installed_products.find((p) => p.identifier === 'SLES');
    assert.equal(
      [base?.version, base?.isbase, base?.id, base?.name, Object.keys(base ?? {}).includes('ProductLine')],
      ['12.5', true, 0, '', true],
    );
    assert.is(query.accept, 'application/json,application/vnd.scc.suse.com.v4+json');
    assert.equal(b.scc.requests.find((q) => q.method === 'PUT')?.body, { identifier: 'SLES', version: '15.7', arch: ARCH });
    assert.equal(b.scc.activated(), [TARGET]);

    // The repositories come from the target's service; the old service is gone; the root was upgraded.
    assert.equal(await readdir(path.join(b.root, 'etc/zypp/services.d')), [`${SERVICE_157}.service`]);
    assert.equal(await readdir(path.join(b.root, 'etc/zypp/repos.d')), [`${SERVICE_157}:SLES-15.7-${ARCH}-Pool.repo`]);
    assert.ok((await rpmPackages(b.root)).get('sles-release')?.startsWith('15.7'));
    assert.ok((await readdir(path.join(b.root, 'var/adm/backup/system-upgrade'))).includes('repos.tar.gz'));
  } finally {
    await b.close();
  }
});

test('the refresh before dist-upgrade fails: "Migration failed.", the repository and SCC rollback (PUT back, product tree, synchronize), exit 1', async () => {
  const b = await bed({ offline: { [TARGET]: [[SLES157]] } }, 'http://127.0.0.1:9/no-repository/');
  try {
    const before = await rpmPackages(b.root);
    const r = await plugin(b, projectArgs(b.root));
    assert.is(r.exitCode, 1, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /^Refresh of repositories failed: command '\/usr\/bin\/zypper --root \S+ --releasever 15\.7 --gpg-auto-import-keys ref -f' failed\nError: zypper returned 4 with '[\s\S]*' \(exit status 4\)\n\nMigration failed\.\n\n\nPerforming repository rollback\.\.\.\n/m,
    );
    assert.match(
      r.stdout,
      /Starting to sync system product activations to the server\. This can take some time\.\.\.\n[\s\S]*Rollback successful\.\n$/,
    );
    assert.equal(calls(b.scc), [
      'GET /connect/systems/activations',
      'POST /connect/systems/products/offline_migrations',
      'PUT /connect/systems/products',
      'PUT /connect/systems/products',
      'GET /connect/systems/products',
      'POST /connect/systems/products/synchronize',
    ]);
    // synchronize: SCC's activations are the installed products again (the root's Web and Scripting Module 12 too).
    assert.equal(b.scc.activated(), [SOURCE, `sle-module-web-scripting/12/${ARCH}`], 'SCC has SLES 12 SP5 activated again');
    assert.equal(await readdir(path.join(b.root, 'etc/zypp/services.d')), [`${SERVICE_12}.service`]);
    assert.equal(executed(r.stdout, b.root).at(-1), '/usr/bin/zypper --root R --non-interactive --releasever 12.5 ref -f');
    assert.equal(await rpmPackages(b.root), before);
  } finally {
    await b.close();
  }
});

test('several migrations (connect-ng testdata/migrations.json): --query lists them as connect-ng prints them; --migration out of range with stdin closed stops; nothing is switched', async () => {
  const b = await bed(sccCase('scc-two-paths'));
  try {
    const query = await plugin(b, ['--no-selfupdate', '--query', '--product', TARGET, '--root', b.root]);
    assert.is(query.exitCode, 0, query.stdout);
    const list = `Available migrations:

    1 |SUSE Linux Enterprise Server 15 SP4 x86_64
       Basesystem Module 15 SP4 x86_64
       Server Applications Module 15 SP4 x86_64

    2 |SUSE Linux Enterprise Server 15 SP3 x86_64
       Basesystem Module 15 SP3 x86_64
       Python 2 Module 15 SP3 x86_64
       Server Applications Module 15 SP3 x86_64


`;
    assert.ok(query.stdout.endsWith(`\n${list}`), query.stdout);
    const out = await plugin(b, ['-n', '--no-selfupdate', '--migration', '3', '--product', TARGET, '--root', b.root]);
    assert.is(out.exitCode, 1);
    assert.ok(
      out.stdout.endsWith(`${list}[num/q]: \nStandard input seems to be closed, please use '--non-interactive' option\n`),
      out.stdout,
    );
    assert.not.ok(
      b.scc.requests.some((q) => q.method === 'PUT'),
      'no product was switched',
    );
    assert.equal(b.scc.activated(), [SOURCE]);
  } finally {
    await b.close();
  }
});

test("several migrations: -n takes the first, --migration 2 the second (its products upgraded in connect-ng's order: base first); the failed run rolls back to SLES 12 SP5", async () => {
  const b = await bed(sccCase('scc-two-paths'));
  try {
    const puts = () => b.scc.requests.filter((q) => q.method === 'PUT').map((q) => triple(q.body));
    const triple = (body: unknown) => {
      const p = body as { identifier: string; version: string };
      return `${p.identifier}/${p.version}`;
    };
    const second = await plugin(b, ['-n', '--no-selfupdate', '--migration', '2', '--product', TARGET, '--root', b.root]);
    // The fixture's paths have no repositories here: dist-upgrade fails, the plugin rolls back (exit 1).
    assert.is(second.exitCode, 1, second.stdout);
    assert.equal(puts(), [
      'SLES/15.3',
      'sle-module-basesystem/15.3',
      'sle-module-python2/15.3',
      'sle-module-server-applications/15.3',
      'SLES/12.5',
    ]);
    assert.match(second.stdout, /\nUpgrading product SUSE Linux Enterprise Server 15 SP3 x86_64\n[\s\S]*\nRollback successful\.\n$/);
    const first = await plugin(b, ['-n', '--no-selfupdate', '--product', TARGET, '--root', b.root]);
    assert.is(first.exitCode, 1, first.stdout);
    assert.equal(puts().slice(5, 8), ['SLES/15.4', 'sle-module-basesystem/15.4', 'sle-module-server-applications/15.4']);
    assert.equal(b.scc.activated(), [SOURCE, `sle-module-web-scripting/12/${ARCH}`]);
  } finally {
    await b.close();
  }
});

const OUTCOMES: Array<[SccCaseName, number, RegExp]> = [
  ['no-migration', 0, /\nNo migration available\.\n\n$/],
  [
    'rmt-not-mirrored',
    0,
    /\nUnavailable migrations \(product is not mirrored\):\n\n {7}SUSE Linux Enterprise Server 15 SP4 x86_64\n {7}Basesystem Module 15 SP4 x86_64 \(not available\)\n {7}Server Applications Module 15 SP4 x86_64 \(not available\)\n\n\nAvailable migrations:\n\n {4}1 \|SUSE Linux Enterprise Server 15 SP3 x86_64\n/,
  ],
  [
    'unauthorized',
    1,
    /\nCan't determine the list of installed products: Error: Registration server returned 'Invalid system credentials' \(401\)\n$/,
  ],
  [
    'unprocessable',
    1,
    /\nCan't get available migrations from server: Error: Registration server returned 'The requested products 'SUSE Linux Enterprise Server 12 SP5 x86_64' are not activated on the system\.' \(422\)\n$/,
  ],
  ['smt', 1, /\nCan't get available migrations from server: json: cannot unmarshal string into Go struct field product\.id of type int\n$/],
  ['html-error', 1, /\nCan't get available migrations from server: Error: Registration server returned '502 Bad Gateway' \(502\)\n$/],
  [
    'timeout',
    1,
    /\nCan't get available migrations from server: Post "http:\/\/127\.0\.0\.1:\d+\/connect\/systems\/products\/offline_migrations": context deadline exceeded \(Client\.Timeout exceeded while awaiting headers\)\n$/,
  ],
];

test("each SCC stand-in case (connect-ng fixtures, RMT errors, timeout): connect-ng's message and exit code, nothing switched", async () => {
  const b = await bed({});
  try {
    for (const [name, exitCode, message] of OUTCOMES) {
      b.scc.answerAs(sccCase(name));
      const args = ['--query', '--no-selfupdate', '--product', TARGET, '--root', b.root];
      const r = await plugin(b, args, { ZYPPER_MIGRATION_STANDIN_TIMEOUT_MS: '500' });
      assert.is(r.exitCode, exitCode, `${name}: ${r.stdout}`);
      assert.match(r.stdout, message, `${name}: ${r.stdout}`);
    }
    assert.not.ok(
      b.scc.requests.some((q) => q.method === 'PUT'),
      'no product was switched',
    );
  } finally {
    await b.close();
  }
});

test("the real plugin's options (Go flag parsing): unknown ones and -p exit 2 with the usage, contradictions and --product without --root exit 1, --help 0", async () => {
  const usage = await plugin(undefined, ['--help']);
  assert.equal([usage.exitCode, usage.stdout.split('\n')[0]], [0, 'Usage: zypper migration [options]']);
  for (const [args, error] of [
    [['--to', 'SLES/16.0/x86_64'], 'flag provided but not defined: -to'],
    [['-p', 'SLES/16.0/x86_64'], 'flag provided but not defined: -p'],
    [['--migration', 'two'], 'invalid value "two" for flag -migration: parse error'],
    [['--root'], 'flag needs an argument: -root'],
  ] as const) {
    const r = await plugin(undefined, [...args]);
    assert.equal([r.exitCode, r.stderr, r.stdout], [2, `${error}\n`, usage.stdout], args.join(' '));
  }
  const contradict = await plugin(undefined, ['--verbose', '--no-verbose']);
  assert.equal([contradict.exitCode, contradict.stdout], [1, 'Flags contradict: --verbose and --no-verbose\n']);
  const noRoot = await plugin(undefined, ['-n', '--product', 'SLES/16.0/x86_64']);
  assert.equal([noRoot.exitCode, noRoot.stdout], [1, 'The --product option can only be used together with the --root option\n']);
  await rm(NO_BED, { recursive: true, force: true });
});

test.run();
