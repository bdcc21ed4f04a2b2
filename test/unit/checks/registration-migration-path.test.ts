import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { registrationMigrationPath } from '../../../entrypoint/checks/registration-migration-path.js';
import { DEFAULTS } from '../../../entrypoint/config/schema.js';
import { checkContext, makeRoot, removeRoot, SLES_PROD } from '../../helpers/check-root.js';
import { startSccStandIn } from '../../standins/scc-server.js';

const plugin = { mode: 'plugin' as const, config: { ...DEFAULTS } };

async function registeredRoot(url: string) {
  return makeRoot({
    '/etc/SUSEConnect': `---\nurl: ${url}\ninsecure: false\n`,
    '/etc/zypp/credentials.d/SCCcredentials': 'username=SCC_0123\npassword=s3cr3t\n',
    '/etc/products.d/SLES.prod': SLES_PROD(),
  });
}

test('a registration server (SCC stand-in) that offers no migration inhibits, with its own error text', async () => {
  const scc = await startSccStandIn({ username: 'SCC_0123', password: 's3cr3t', answer: { error: 'No migration path for SLES/16.0/x86_64 found' } });
  const root = await registeredRoot(scc.url);
  const finding = await registrationMigrationPath.run(checkContext(root, plugin));
  assert.is(finding.ok, false);
  assert.match(finding.evidence[0]!, /answered for SLES\/16\.0\/x86_64: No migration path for SLES\/16\.0\/x86_64 found/);
  assert.equal(scc.requests[0], {
    installed_products: [{ identifier: 'SLES', version: '15.7', arch: 'x86_64' }],
    target_base_product: { identifier: 'SLES', version: '16.0', arch: 'x86_64' },
  });
  await scc.close();
  await removeRoot(root);
});

test('a registration server (SCC stand-in) offering a migration path passes and lists it', async () => {
  const scc = await startSccStandIn({ username: 'SCC_0123', password: 's3cr3t',
    answer: [[{ identifier: 'SLES', version: '16.0', arch: 'x86_64' }, { identifier: 'sle-module-basesystem', version: '16.0', arch: 'x86_64' }]] });
  const root = await registeredRoot(scc.url);
  const finding = await registrationMigrationPath.run(checkContext(root, plugin));
  assert.ok(finding.ok, JSON.stringify(finding));
  assert.equal(finding.evidence.slice(1), ['SLES/16.0 + sle-module-basesystem/16.0']);
  assert.not.match(JSON.stringify(finding), /s3cr3t/, 'the password is never part of the evidence');
  await scc.close();
  await removeRoot(root);
});

test.run();
