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

/** Failed units the systemctl stand-in lists on the host "later" after its migration. */
export const FAILED_UNITS = 'legacy-agent.service';

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
          ...(host === 'later' ? { STANDIN_FAILED_UNITS: FAILED_UNITS } : {}),
        },
        ...(host === 'waived' ? { dms_waivers: [WAIVER] } : {}),
        ...(host === 'later' ? { dms_verify_failed_units: 'warn' } : {}),
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
