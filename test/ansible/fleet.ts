// Test fleet for the Ansible collection: host names, an inventory of local-connection hosts with their own roots,
// inhibited roots, the collection built and installed.
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { installExtraPackages, LEGACY_AGENT } from '../bed/extra-package.js';
import { prodXml } from '../bed/products.js';
import { bedEnv } from '../bed/rpm-env.js';
import { IMAGE, REPO, SHIM, STANDINS } from '../helpers/shim.js';

export { IMAGE, REPO };
/** The collection's source (galaxy.yml). */
export const COLLECTION = path.join(REPO, 'scripts/ansible');

/** In inventory order, which is the rollout order: canary first. */
export const FLEET = ['canary', 'inhibited', 'failing', 'later', 'waived', 'locked'] as const;
export type FleetHost = (typeof FLEET)[number];

/** The pre-flight check that a second base product trips. */
export const INHIBITOR = 'single-base-product';
export const WAIVER = { id: INHIBITOR, reason: 'a second base product on purpose (test)', expires: '2099-12-31' };

/** A second base product (a <register> without <flavor>) next to SLES: the pre-flight check refuses to guess. */
export async function makeInhibited(root: string): Promise<void> {
  await writeFile(
    path.join(root, 'etc/products.d/SLED.prod'),
    prodXml({
      name: 'SLED',
      version: '12.5',
      baseversion: '12',
      patchlevel: '5',
      summary: 'SUSE Linux Enterprise Desktop 12 SP5',
      target: 'sle-12-x86_64',
      arch: 'x86_64',
    }),
  );
}

/** The inhibitor of the host "locked", which proposes a command, and that command. */
export const SOLVER_INHIBITOR = 'solver-plan';
export const REMOVELOCK = 'zypper removelock legacy-agent';

/** A package the upgrade must replace, locked the way an administrator locks it: the solver cannot proceed. */
export async function makeLocked(root: string): Promise<void> {
  await installExtraPackages(root, [LEGACY_AGENT]);
  await execa('zypper', ['--non-interactive', '--root', root, 'addlock', 'legacy-agent']);
}

/**
 * Repositories of the release before, added to a host before its migration: an enabled one named for it, an enabled
 * one whose URL names it (the working mirror by another path), and a disabled one. Returns the aliases the
 * verification must list as stale (the enabled ones), in alias order.
 */
export async function addStaleRepos(root: string, mirrorUrl: string): Promise<string[]> {
  const repo = (alias: string, url: string, enabled: boolean) =>
    `[${alias}]\nname=${alias}\nenabled=${enabled ? 1 : 0}\nautorefresh=0\nbaseurl=${url}\ntype=rpm-md\ngpgcheck=0\n`;
  const repos: Array<[string, string, boolean]> = [
    ['SLES12-SP5-Updates', mirrorUrl, true],
    ['extras', `${mirrorUrl}sle-12.5/../`, true],
    ['SLES12-SP5-Pool', 'http://127.0.0.1:9/SUSE/Products/SLE-SERVER/12-SP5/x86_64/product/', false],
  ];
  for (const [alias, url, enabled] of repos)
    await writeFile(path.join(root, 'etc/zypp/repos.d', `${alias}.repo`), repo(alias, url, enabled));
  return repos
    .filter(([, , enabled]) => enabled)
    .map(([alias]) => alias)
    .sort();
}

/** Failed units the systemctl stand-in lists on the hosts "later", "waived" and "locked" after their migration. */
export const FAILED_UNITS = 'legacy-agent.service';

/**
 * How each host weighs failed units after its migration (dms_verify_failed_units) and what its systemctl stand-in
 * answers: "later" warns about its failed unit, "waived" fails on it, "locked" does not ask, and the systemctl of
 * "failing" cannot run (no systemd).
 */
const VERIFY: Partial<Record<FleetHost, { units: 'warn' | 'fail' | 'skip'; env: Record<string, string> }>> = {
  later: { units: 'warn', env: { STANDIN_FAILED_UNITS: FAILED_UNITS } },
  waived: { units: 'fail', env: { STANDIN_FAILED_UNITS: FAILED_UNITS } },
  locked: { units: 'skip', env: { STANDIN_FAILED_UNITS: FAILED_UNITS } },
  failing: { units: 'warn', env: { STANDIN_SYSTEMCTL_DOWN: '1' } },
};

/** The base product version the host "waived" must have after its migration: not the 15.7 it gets. */
export const WRONG_PRODUCT_VERSION = '15.6';

/** zypp.conf that keeps every kernel: the finding multiversion-kernels, which `migrate --check --fix` repairs. */
export const MULTIVERSION_ZYPP_CONF = '[main]\nmultiversion = provides:multiversion(kernel)\n';
export const MULTIVERSION = 'multiversion-kernels';

/**
 * Builds the collection from its source (ansible-galaxy collection build) and installs the tarball into
 * <dir>/collections (ansible-galaxy collection install -p): the playbooks then run from the installed copy.
 */
export async function installCollection(dir: string): Promise<string> {
  const build = path.join(dir, 'build');
  await execa('ansible-galaxy', ['collection', 'build', COLLECTION, '--output-path', build]);
  const [tarball] = (await readdir(build)).filter((f) => f.endsWith('.tar.gz'));
  if (!tarball) throw new Error(`ansible-galaxy collection build wrote no tarball to ${build}`);
  const collections = path.join(dir, 'collections');
  await execa('ansible-galaxy', ['collection', 'install', '--offline', '-p', collections, path.join(build, tarball)]);
  return collections;
}

/**
 * Inventory (YAML; JSON is YAML) of the fleet: every host on this machine (local connection) with its own
 * synthetic root through the role's testing variable dms_system_root (the shim's DMS_SYSTEM_ROOT), the
 * repository's shim and the test image, reboot off. The shim's host programs (dracut after a migration)
 * are the stand-ins of test/standins, each host logging their calls to its own file.
 */
export async function fleetInventory(opts: {
  roots: Record<FleetHost, string>;
  reportDir: string;
  standinLogDir: string;
  /** The host package, installed by check.yml on the canary, which then runs the installed shim. */
  canaryPackage: string;
}): Promise<string> {
  const podman = (await execa('sh', ['-c', 'command -v podman'])).stdout.trim();
  const hosts: Record<string, Record<string, unknown>> = Object.fromEntries(
    FLEET.map((host) => [
      host,
      {
        dms_system_root: opts.roots[host],
        dms_environment: {
          PATH: `${STANDINS}:${process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin'}`,
          STANDIN_LOG: path.join(opts.standinLogDir, `${host}.log`),
          STANDIN_REAL_PODMAN: podman,
          ...VERIFY[host]?.env,
        },
        ...(host === 'waived' ? { dms_waivers: [WAIVER], dms_target_product_version: WRONG_PRODUCT_VERSION } : {}),
        ...(VERIFY[host] ? { dms_verify_failed_units: VERIFY[host].units } : {}),
      },
    ]),
  );
  // The canary gets the package through the role: zypper --root with the bed's rpm settings.
  Object.assign(hosts.canary!, {
    dms_package: opts.canaryPackage,
    dms_package_allow_unsigned: true,
    dms_migrate_command: path.join(opts.roots.canary, 'usr/sbin/migrate'),
  });
  Object.assign(hosts.canary!.dms_environment as Record<string, string>, await bedEnv(opts.roots.canary));
  return JSON.stringify(
    {
      all: {
        vars: {
          ansible_connection: 'local',
          ansible_python_interpreter: '/usr/bin/python3',
          dms_migrate_command: SHIM,
          dms_migration_image: IMAGE,
          dms_pull: 'never',
          dms_keep_image: true,
          dms_use_zypper_dup: true,
          dms_reboot: false,
          dms_migrate_poll: 2,
          // The canary's dms_environment has its own HOME (the bed's rpm settings), and the async wrapper would
          // write its results under that HOME's ~/.ansible_async, where async_status does not look.
          ansible_async_dir: path.join(path.dirname(opts.reportDir), 'ansible-async'),
          dms_report_dir: opts.reportDir,
        },
        hosts,
      },
    },
    null,
    2,
  );
}
