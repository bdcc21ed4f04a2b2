// lsm-apparmor: SLE 16 replaces AppArmor with SELinux; a customised AppArmor setup needs a manual review (SPEC 6.6).
// As the original (prechecks/lsm.py): loaded profiles counted by the host's aa-status, the packaged profiles
// verified with rpm -V, a file count when the host has no aa-status; an unmodified host passes silently.
import path from 'node:path';
import { readOptional } from '../system/fs.js';
import { aaStatusQuery, rpmQuery } from '../system/read-only.js';
import { countEntries, hostProgram } from './read.js';
import { type CheckContext, fail, notApplicable, pass, type Check } from './types.js';

/** `find /etc/apparmor.d/ | wc -l` of an unmodified host (the original's DEFAULT_ETC_FILE_COUNT). */
export const DEFAULT_ETC_FILE_COUNT = 263;
/** `aa-status --json | jq '.profiles | length'` of an unmodified host (the original's DEFAULT_PROFILE_COUNT). */
export const DEFAULT_PROFILE_COUNT = 58;
/** The package of the standard profiles: any changed file of it counts. */
export const STANDARD_PROFILES = 'apparmor-profiles';
/** Packages that bring further profiles (the original's ADDITIONAL_AA_PROFILES): their /etc/apparmor.d files count. */
export const ADDITIONAL_AA_PROFILES = [
  'colord',
  'dnsdist',
  'git-web',
  'golang-github-lusitaniae-apache_exporter',
  'haproxy',
  'libvirt-daemon-common',
  'libvirt-daemon-driver-libxl',
  'libvirt-daemon-driver-qemu',
  'libvirt-daemon',
  'mlocate',
  'monitoring-plugins-cups',
  'monitoring-plugins-dhcp',
  'monitoring-plugins-disk',
  'monitoring-plugins-icmp',
  'monitoring-plugins-ide_smart',
  'monitoring-plugins-load',
  'monitoring-plugins-ntp_time',
  'monitoring-plugins-ping',
  'monitoring-plugins-procs',
  'monitoring-plugins-ssh',
  'monitoring-plugins-swap',
  'monitoring-plugins-userso',
];
const PROFILE_DIR = '/etc/apparmor.d';

/** Files `rpm -V` reports with a changed digest (the third column is `5`), optionally only those under `pathFilter`. */
export function changedDigests(rpmVerify: string, pathFilter?: string): string[] {
  return rpmVerify
    .split('\n')
    .filter((line) => line[2] === '5' && (!pathFilter || line.includes(pathFilter)))
    .map((line) => /^\S+\s+(?:[cdglr]\s+)?(.*)$/.exec(line)?.[1] ?? line);
}

async function changedFiles(ctx: CheckContext, pkg: string, pathFilter?: string): Promise<string[]> {
  return changedDigests((await ctx.exec.query(await rpmQuery(ctx.root, '-V', pkg))).stdout, pathFilter);
}

/** The first extra profile package (in the original's order) with a changed file in /etc/apparmor.d. */
async function changedExtraProfiles(ctx: CheckContext): Promise<{ pkg: string; files: string[] } | undefined> {
  // One query for which of them are installed; rpm -V only for those (the others have nothing to verify).
  const q = await ctx.exec.query(await rpmQuery(ctx.root, '-q', '--qf', '%{NAME}\\n', ...ADDITIONAL_AA_PROFILES));
  const installed = new Set(q.stdout.split('\n').map((l) => l.trim()));
  for (const pkg of ADDITIONAL_AA_PROFILES.filter((p) => installed.has(p))) {
    const files = await changedFiles(ctx, pkg, PROFILE_DIR);
    if (files.length > 0) return { pkg, files };
  }
  return undefined;
}

/** The number of profiles in aa-status's JSON, or why there is none. */
export function loadedProfiles(aaStatusJson: string): number | string {
  try {
    const profiles = (JSON.parse(aaStatusJson) as { profiles?: unknown }).profiles;
    return profiles && typeof profiles === 'object' ? Object.keys(profiles).length : 'no "profiles" in its JSON output';
  } catch (err) {
    return `unreadable JSON output (${(err as Error).message})`;
  }
}

export const lsmApparmor: Check = {
  id: 'lsm-apparmor',
  title: 'AppArmor to SELinux switch',
  severity: 'warning',
  sinceMajor: 16,
  remediation:
    'SLE 16 uses SELinux: the migration sets security=selinux and installs patterns-base-selinux. Review the customised AppArmor setup above and write SELinux policy for it after the migration',
  async run(ctx) {
    const enabled = ((await readOptional(path.join(ctx.sysDir, 'module/apparmor/parameters/enabled'))) ?? '').trim() === 'Y';
    if (!enabled) return notApplicable('AppArmor disabled (the running kernel has not enabled it)');

    if (!(await hostProgram(ctx.host, 'aa-status'))) {
      // find /etc/apparmor.d/ prints the directory itself and everything below it.
      const lines = 1 + (await countEntries(ctx.host(PROFILE_DIR)));
      if (lines > DEFAULT_ETC_FILE_COUNT) {
        return fail([
          `Looks like customized AppArmor setup is in use: find ${PROFILE_DIR}/ lists ${lines} entries, an unmodified host at most ${DEFAULT_ETC_FILE_COUNT}`,
          'please install "apparmor-parser" as aa-status is needed to perform a proper check',
        ]);
      }
      return pass(
        `AppArmor enabled; no aa-status on the host: find ${PROFILE_DIR}/ lists ${lines} entries (at most ${DEFAULT_ETC_FILE_COUNT})`,
      );
    }

    const status = await ctx.exec.query(aaStatusQuery(ctx.root));
    const profiles = status.ok
      ? loadedProfiles(status.stdout)
      : `exit code ${status.exitCode}${status.stderr.trim() ? `: ${status.stderr.trim()}` : ''}`;
    if (typeof profiles === 'string') {
      return fail([`aa-status failed with: ${profiles}`, 'Skipping LSM checks'], {
        remediation: 'run aa-status on the host and review its AppArmor setup by hand before the migration to SELinux',
      });
    }

    const evidence: string[] = [];
    const standard = await changedFiles(ctx, STANDARD_PROFILES);
    if (standard.length > 0) {
      evidence.push(
        `Modified AppArmor profiles found, please verify changes to the files from: "rpm -V ${STANDARD_PROFILES}": ${standard.join(', ')}`,
      );
    }
    // More profiles loaded than a default host has: look for changed profiles of the extra packages too.
    const extra = profiles > DEFAULT_PROFILE_COUNT ? await changedExtraProfiles(ctx) : undefined;
    if (extra) {
      evidence.push(
        `Modified AppArmor profiles found, please verify changes to profiles from "${PROFILE_DIR}": "rpm -V ${extra.pkg}": ${extra.files.join(', ')}`,
      );
    }
    if (evidence.length > 0) {
      return fail([`Non-default AppArmor setup detected (${profiles} profiles loaded), please review the details below`, ...evidence]);
    }
    return pass(
      `AppArmor enabled: ${profiles} profiles loaded (aa-status); no changed profile in ${STANDARD_PROFILES}${
        profiles > DEFAULT_PROFILE_COUNT ? ' nor in the installed extra profile packages' : ''
      }`,
    );
  },
};
