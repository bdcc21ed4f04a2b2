// Tests of the registration-migration-path check against the SCC stand-in.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { registrationMigrationPath } from '../../../entrypoint/checks/registration-migration-path.js';
import { makeRoot, removeRoot, SLES_PROD, rootCheckContext } from '../../helpers/check-root.js';
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

test.run();
