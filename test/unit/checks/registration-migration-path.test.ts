// Tests of the registration-migration-path check against the SCC stand-in.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { registrationMigrationPath } from '../../../entrypoint/checks/registration-migration-path.js';
import { evaluateCheck, logFindings } from '../../../entrypoint/checks/run-checks.js';
import { createLogger } from '../../../entrypoint/log/logger.js';
import { addFiles, makeRoot, removeRoot, SLES_PROD, rootCheckContext } from '../../helpers/check-root.js';
import { makePrivateCa, startTlsFront } from '../../helpers/private-ca.js';
import { startTinyproxy } from '../../helpers/tinyproxy.js';
import { SCC_PASSWORD, SCC_USER, startSccStandin } from '../../standins/index.js';

const plugin = { mode: 'plugin' as const };
const SLES16 = { identifier: 'SLES', version: '16.0', arch: 'x86_64', repo_url: 'http://127.0.0.1:9/unused/' };

async function registeredRoot(url: string) {
  return makeRoot({
    '/etc/SUSEConnect': `---\nurl: ${url}\ninsecure: false\n`,
    '/etc/zypp/credentials.d/SCCcredentials': `username=${SCC_USER}\npassword=${SCC_PASSWORD}\n`,
    '/etc/products.d/SLES.prod': SLES_PROD(),
  });
}

test('a registration server (SCC stand-in) that offers no migration to the target inhibits', async () => {
  const scc = await startSccStandin({ username: SCC_USER, password: SCC_PASSWORD, migrations: {} });
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
  const scc = await startSccStandin({ username: SCC_USER, password: SCC_PASSWORD, migrations: { 'SLES/16.0/x86_64': [SLES16] } });
  const root = await registeredRoot(scc.url);
  const finding = await registrationMigrationPath.run(await rootCheckContext(root, plugin));
  assert.ok(finding.ok, JSON.stringify(finding));
  assert.equal(finding.evidence.slice(1), ['SLES/16.0']);
  assert.not.match(JSON.stringify(finding), new RegExp(SCC_PASSWORD), 'the password is never part of the evidence');
  const other = await startSccStandin({ username: SCC_USER, password: 'another-password', migrations: {} });
  const wrong = await registeredRoot(other.url);
  const refused = await registrationMigrationPath.run(await rootCheckContext(wrong, plugin));
  assert.ok(
    !refused.ok && /answered for SLES\/16\.0\/x86_64: Invalid system credentials/.test(refused.evidence[0]!),
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
  const scc = await startSccStandin({ username: SCC_USER, password: SCC_PASSWORD, migrations: { 'SLES/16.0/x86_64': [SLES16] } });
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
    assert.equal([trusted.status, trusted.evidence], ['passed', [`${front.url} offers 1 migration(s) to SLES/16.0/x86_64`, 'SLES/16.0']]);
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

test('dup mode: the registration server is not asked (a server that would refuse every request stays untouched)', async () => {
  const scc = await startSccStandin({ username: SCC_USER, password: 'not-the-password', migrations: {} });
  const root = await registeredRoot(scc.url);
  const finding = await registrationMigrationPath.run(await rootCheckContext(root, { mode: 'dup' }));
  assert.equal(finding, { ok: true, evidence: ['dup mode: the registration server is not used'], notApplicable: true });
  assert.is(scc.requests.length, 0);
  await scc.close();
  await removeRoot(root);
});

test.run();
