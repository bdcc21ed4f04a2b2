// Test fleet for the Ansible role: host names, an inventory of local-connection hosts with their own roots, an inhibited root.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { prodXml } from '../bed/products.js';
import { bedEnv } from '../bed/rpm-env.js';
import { IMAGE, REPO, SHIM, STANDINS } from '../helpers/shim.js';

export { IMAGE, REPO };
export const PLAYBOOKS = path.join(REPO, 'scripts/ansible');

/** In inventory order, which is the rollout order: canary first. */
export const FLEET = ['canary', 'inhibited', 'failing', 'later', 'waived'] as const;
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
        },
        ...(host === 'waived' ? { dms_waivers: [WAIVER] } : {}),
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
          dms_report_dir: opts.reportDir,
        },
        hosts,
      },
    },
    null,
    2,
  );
}
