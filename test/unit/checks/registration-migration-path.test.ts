// Tests of the registration-migration-path check against the SCC stand-in, incl. every case of connect-ng's fixtures (test/fixtures/connect-ng).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { registrationMigrationPath } from '../../../entrypoint/checks/registration-migration-path.js';
import { evaluateCheck, logFindings } from '../../../entrypoint/checks/run-checks.js';
import { createLogger } from '../../../entrypoint/log/logger.js';
import { readHostNetwork } from '../../../entrypoint/system/http.js';
import { readRegistration } from '../../../entrypoint/system/registration.js';
import { offlineMigrations } from '../../../entrypoint/system/scc.js';
import { addFiles, makeRoot, removeRoot, SLES_PROD, rootCheckContext } from '../../helpers/check-root.js';
import { makePrivateCa, startTlsFront } from '../../helpers/private-ca.js';
import { startTinyproxy } from '../../helpers/tinyproxy.js';
import { SCC_PASSWORD, SCC_USER, sccCase, startSccStandin } from '../../standins/index.js';

const plugin = { mode: 'plugin' as const };
const SLES16 = {
  identifier: 'SLES',
  version: '16.0',
  arch: 'x86_64',
  friendly_name: 'SUSE Linux Enterprise Server 16.0 x86_64',
  base: true,
  product_type: 'base',
};

async function registeredRoot(url: string) {
  return makeRoot({
    '/etc/SUSEConnect': `---\nurl: ${url}\ninsecure: false\n`,
    '/etc/zypp/credentials.d/SCCcredentials': `username=${SCC_USER}\npassword=${SCC_PASSWORD}\n`,
    '/etc/products.d/SLES.prod': SLES_PROD(),
  });
}

test('a registration server (SCC stand-in) that offers no migration to the target inhibits', async () => {
  const scc = await startSccStandin({ username: SCC_USER, password: SCC_PASSWORD, offline: {} });
  const root = await registeredRoot(scc.url);
  const finding = await registrationMigrationPath.run(await rootCheckContext(root, plugin));
  assert.equal(finding.ok ? [] : finding.evidence, [`${scc.url} offers no migration to SLES/16.0/x86_64`]);
  assert.equal(scc.requests[0]?.body, {
    installed_products: [{ identifier: 'SLES', version: '15.7', arch: 'x86_64' }],
    target_base_product: { identifier: 'SLES', version: '16.0', arch: 'x86_64' },
  });
  assert.is(scc.requests[0]?.auth, `${SCC_USER}:${SCC_PASSWORD}`);
  await scc.close();
  await removeRoot(root);
});

test('a registration server (SCC stand-in) offering a migration path passes and lists it; wrong credentials inhibit', async () => {
  const scc = await startSccStandin({ username: SCC_USER, password: SCC_PASSWORD, offline: { 'SLES/16.0/x86_64': [[SLES16]] } });
  const root = await registeredRoot(scc.url);
  const finding = await registrationMigrationPath.run(await rootCheckContext(root, plugin));
  assert.ok(finding.ok, JSON.stringify(finding));
  assert.equal(finding.evidence.slice(1), ['SUSE Linux Enterprise Server 16.0 x86_64']);
  assert.not.match(JSON.stringify(finding), new RegExp(SCC_PASSWORD), 'the password is never part of the evidence');
  const other = await startSccStandin({ username: SCC_USER, password: 'another-password', offline: {} });
  const wrong = await registeredRoot(other.url);
  const refused = await registrationMigrationPath.run(await rootCheckContext(wrong, plugin));
  assert.ok(
    !refused.ok && /answered for SLES\/16\.0\/x86_64: Invalid system credentials \(HTTP 401\)$/.test(refused.evidence[0]!),
    JSON.stringify(refused),
  );
  await other.close();
  await scc.close();
  await removeRoot(root);
  await removeRoot(wrong);
});

const PROXY_PASSWORD = 'pr0xy-pa55word';

test('behind the host proxy (tinyproxy, password in ~/.curlrc) to an HTTPS server of a private CA in the host anchors: asked through the proxy, passes; the password is in no result or log', async () => {
  const ca = await makePrivateCa();
  const proxy = await startTinyproxy({ user: 'proxyuser', password: PROXY_PASSWORD });
  const scc = await startSccStandin({ username: SCC_USER, password: SCC_PASSWORD, offline: { 'SLES/16.0/x86_64': [[SLES16]] } });
  const front = await startTlsFront(ca, scc.url);
  const root = await registeredRoot(front.url);
  const logs = await mkdtemp(path.join(tmpdir(), 'dms-logs-'));
  await addFiles(root, {
    '/etc/sysconfig/proxy': `PROXY_ENABLED="yes"\nHTTPS_PROXY="http://proxyuser@127.0.0.1:${proxy.port}"\nNO_PROXY="localhost"\n`,
    '/root/.curlrc': `--proxy-user "proxyuser:${PROXY_PASSWORD}"\n`,
  });
  try {
    const run = async () => {
      const handle = createLogger({ consoleFd: null, jsonFile: path.join(logs, 'run.jsonl'), humanFile: path.join(logs, 'run.log') });
      const ctx = { ...(await rootCheckContext(root, plugin)), log: handle.log };
      const result = await evaluateCheck(registrationMigrationPath, ctx);
      logFindings(ctx, [result]);
      handle.close();
      return result;
    };
    const untrusted = await run();
    assert.is(untrusted.status, 'failed', 'without the CA in the anchors the server is not trusted');
    assert.is(untrusted.severity, 'warning');
    assert.match(untrusted.evidence[0]!, new RegExp(`through the proxy http://127\\.0\\.0\\.1:${proxy.port}: .*certificate`, 'i'));

    await addFiles(root, { '/etc/pki/trust/anchors/private-ca.pem': ca.caPem });
    const trusted = await run();
    assert.equal(
      [trusted.status, trusted.evidence],
      ['passed', [`${front.url} offers 1 migration(s) to SLES/16.0/x86_64`, 'SUSE Linux Enterprise Server 16.0 x86_64']],
    );
    const port = new URL(front.url).port;
    assert.equal(await proxy.requests(), [`CONNECT 127.0.0.1:${port}`, `CONNECT 127.0.0.1:${port}`], 'both asked through the proxy');
    assert.is(scc.requests.length, 1);

    const written = `${JSON.stringify([untrusted, trusted])}${await readFile(path.join(logs, 'run.jsonl'), 'utf8')}${await readFile(path.join(logs, 'run.log'), 'utf8')}`;
    assert.not.match(written, PROXY_PASSWORD);
  } finally {
    await front.close();
    await proxy.stop();
    await scc.close();
    await removeRoot(root);
    await rm(logs, { recursive: true, force: true });
  }
});

const SP4 = 'SUSE Linux Enterprise Server 15 SP4 x86_64 + Basesystem Module 15 SP4 x86_64 + Server Applications Module 15 SP4 x86_64';
const SP3 =
  'SUSE Linux Enterprise Server 15 SP3 x86_64 + Basesystem Module 15 SP3 x86_64 + Python 2 Module 15 SP3 x86_64 + Server Applications Module 15 SP3 x86_64';

// Each answer of a real server (connect-ng's testdata, RMT's error bodies) and what the check makes of it.
const CASES: Array<
  [Parameters<typeof sccCase>[0], { status: 'passed' | 'failed'; severity?: string; evidence: (url: string) => string[] }]
> = [
  [
    'scc-two-paths',
    {
      status: 'passed',
      evidence: (url) => [
        `${url} offers 2 migration(s) to SLES/16.0/x86_64`,
        SP4,
        SP3,
        `zypper migration --non-interactive takes the first: ${SP4}`,
      ],
    },
  ],
  ['rmt-not-mirrored', { status: 'passed', evidence: (url) => [`${url} offers 1 migration(s) to SLES/16.0/x86_64`, SP3] }],
  [
    'smt',
    {
      status: 'failed',
      evidence: (url) => [
        `${url} answered for SLES/16.0/x86_64 with product ids that are not numbers (id "101361", as SMT sends them): zypper migration (suseconnect-ng 1.21 or later) cannot read this answer`,
      ],
    },
  ],
  ['no-migration', { status: 'failed', evidence: (url) => [`${url} offers no migration to SLES/16.0/x86_64`] }],
  [
    'unauthorized',
    { status: 'failed', evidence: (url) => [`${url} answered for SLES/16.0/x86_64: Invalid system credentials (HTTP 401)`] },
  ],
  [
    'unprocessable',
    {
      status: 'failed',
      evidence: (url) => [
        `${url} answered for SLES/16.0/x86_64: The requested products 'SUSE Linux Enterprise Server 12 SP5 x86_64' are not activated on the system. (HTTP 422)`,
      ],
    },
  ],
  [
    'html-error',
    {
      status: 'failed',
      evidence: (url) => [`${url} answered for SLES/16.0/x86_64: <html><body><h1>502 Bad Gateway</h1></body></html> (HTTP 502)`],
    },
  ],
];

for (const [name, expected] of CASES) {
  test(`SCC stand-in case ${name}: ${expected.status}`, async () => {
    const scc = await startSccStandin({ username: SCC_USER, password: SCC_PASSWORD, ...sccCase(name) });
    const root = await registeredRoot(scc.url);
    try {
      const result = await evaluateCheck(registrationMigrationPath, await rootCheckContext(root, plugin));
      assert.equal([result.status, result.evidence], [expected.status, expected.evidence(scc.url)]);
      if (expected.status === 'failed') assert.is(result.severity, 'inhibitor');
      // Asked as zypper migration asks: SCC's v4 API (connect-ng's Accept header), the installed products and the target.
      assert.equal(
        scc.requests.map((r) => [r.method, r.path, r.accept]),
        [['POST', '/connect/systems/products/offline_migrations', 'application/json,application/vnd.scc.suse.com.v4+json']],
      );
    } finally {
      await scc.close();
      await removeRoot(root);
    }
  });
}

test('RMT mirrors no path completely (available: false on a product of each): inhibits and lists them', async () => {
  const paths = sccCase('scc-two-paths').online!.map((p) => p.map((x) => ({ ...x, available: x.base === true })));
  const scc = await startSccStandin({ username: SCC_USER, password: SCC_PASSWORD, offline: { '*': paths } });
  const root = await registeredRoot(scc.url);
  try {
    const result = await evaluateCheck(registrationMigrationPath, await rootCheckContext(root, plugin));
    assert.equal(
      [result.status, result.evidence],
      [
        'failed',
        [`${scc.url} offers 2 migration(s) to SLES/16.0/x86_64, but none whose products it all mirrors (available: false):`, SP4, SP3],
      ],
    );
    assert.match(result.remediation ?? '', /rmt-cli/);
  } finally {
    await scc.close();
    await removeRoot(root);
  }
});

test('a server that never answers (SCC stand-in case timeout): unreachable after the time limit, a warning', async () => {
  const scc = await startSccStandin({ username: SCC_USER, password: SCC_PASSWORD, ...sccCase('timeout') });
  const root = await registeredRoot(scc.url);
  try {
    const reg = await readRegistration((p) => path.join(root, p));
    const target = { identifier: 'SLES', version: '16.0', arch: 'x86_64' };
    const answer = await offlineMigrations(reg, [], target, { network: await readHostNetwork(root), timeoutMs: 300 });
    assert.is(answer.kind, 'unreachable');
    assert.match((answer as { message: string }).message, /offline_migrations could not be reached directly: no answer within/);
    assert.is(scc.requests.length, 1);
  } finally {
    await scc.close();
    await removeRoot(root);
  }
});

test('dup mode: the registration server is not asked (a server that would refuse every request stays untouched)', async () => {
  const scc = await startSccStandin({ username: SCC_USER, password: 'not-the-password', offline: {} });
  const root = await registeredRoot(scc.url);
  const finding = await registrationMigrationPath.run(await rootCheckContext(root, { mode: 'dup' }));
  assert.equal(finding, { ok: true, evidence: ['dup mode: the registration server is not used'], notApplicable: true });
  assert.is(scc.requests.length, 0);
  await scc.close();
  await removeRoot(root);
});

test.run();
