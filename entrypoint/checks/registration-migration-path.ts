// registration-migration-path: the registration server must offer an offline migration to the target (SPEC 6.7).
import { splitProduct } from '../facts/run-facts.js';
import { readHostNetwork } from '../system/http.js';
import { readRegistration } from '../system/registration.js';
import { describePaths, offlineMigrations } from '../system/scc.js';
import { fail, notApplicable, pass, type Check } from './types.js';

export const registrationMigrationPath: Check = {
  id: 'registration-migration-path',
  title: 'The registration server offers a migration to the target',
  severity: 'inhibitor',
  remediation:
    'check the subscriptions of this system (SUSEConnect --status-text) and that the registration server (SCC, RMT or SMT) mirrors the target products',
  async run(ctx) {
    const { mode, target: wanted, source } = ctx.facts;
    if (mode === 'dup') return notApplicable('dup mode: the registration server is not used');
    const reg = await readRegistration(ctx.host);
    if (!reg.credentials) return pass('not registered with a registration server: skipped (see registration-present)');
    // The same target product the upgrade will ask for; without one, the upgrade stops too.
    if (!wanted.product) {
      return fail([wanted.productProblem ?? 'no target product'], {
        remediation: 'name the target product: migration_product (NAME/VERSION/ARCH) in /etc/sle-migration-service.yml, or --product',
      });
    }
    // Through the host's proxy and trusting the host's certificates, as the host itself would ask.
    const network = await readHostNetwork(ctx.root);
    const answer = await offlineMigrations(reg, source.installedProducts, splitProduct(wanted.product), { network });
    if (answer.kind === 'unreachable') {
      return fail([answer.message], {
        severity: 'warning',
        remediation:
          'check the network, the proxy settings (/etc/sysconfig/proxy, NO_PROXY) and the trusted certificates (/etc/pki/trust/anchors) of the host, then run the check again',
      });
    }
    if (answer.kind !== 'paths') return fail([answer.message]);
    if (answer.paths.length === 0 && answer.unavailable.length > 0) {
      // zypper migration lists these as "Unavailable migrations (product is not mirrored)" and stops with exit 1.
      return fail(
        [
          `${reg.server} offers ${answer.unavailable.length} migration(s) to ${wanted.product}, but none whose products it all mirrors (available: false):`,
          ...describePaths(answer.unavailable),
        ],
        {
          remediation:
            'mirror the target products on the RMT/SMT server (rmt-cli products enable ...; rmt-cli sync, rmt-cli mirror), then check again',
        },
      );
    }
    if (answer.paths.length === 0) return fail([`${reg.server} offers no migration to ${wanted.product}`]);
    const evidence = describePaths(answer.paths);
    // Several paths: the plugin, run with --non-interactive, takes the first the server lists.
    if (answer.paths.length > 1) evidence.push(`zypper migration --non-interactive takes the first: ${evidence[0]}`);
    return pass(`${reg.server} offers ${answer.paths.length} migration(s) to ${wanted.product}`, ...evidence);
  },
};
