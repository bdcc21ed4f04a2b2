// xfs-v4: an XFS root in the old v4 format (no CRC) is deprecated; support ends September 2030 (SPEC 6.4).
import { fsTypeQuery, type ReadOnlyExec, xfsInfoQuery } from '../system/read-only.js';
import { fail, notApplicable, pass, type Check, type Finding } from './types.js';

/** xfs_info output: v5 file systems say crc=1. */
export function isXfsV4(xfsInfo: string): boolean {
  const crc = /\bcrc=(\d)/.exec(xfsInfo);
  return !crc || crc[1] === '0';
}

/** Looks at an XFS file system (mount point, device or image file) with xfs_info. */
export async function xfsFinding(exec: ReadOnlyExec, target: string): Promise<Finding> {
  const info = await exec.query(xfsInfoQuery(target));
  if (!info.ok)
    return fail([`xfs_info ${target} failed (exit code ${info.exitCode}): ${info.stderr.trim() || info.stdout.trim()}`], {
      severity: 'info',
      remediation: 'run xfs_info / on the host',
    });
  if (isXfsV4(info.stdout)) return fail([`the root file system is XFS v4 (crc=0): ${info.stdout.split('\n')[0]}`]);
  return pass('the root file system is XFS v5 (crc=1)');
}

export const xfsV4: Check = {
  id: 'xfs-v4',
  title: 'The root file system is not XFS v4',
  severity: 'warning',
  remediation:
    'XFS v4 is deprecated and its support ends in September 2030: plan to re-create the file system as XFS v5 (mkfs.xfs, restore from backup)',
  async run(ctx) {
    const stat = await ctx.exec.query(fsTypeQuery(ctx.root), { allowFailure: false });
    const type = stat.stdout.trim();
    if (type !== 'xfs') return notApplicable(`the root file system is ${type}`);
    return xfsFinding(ctx.exec, ctx.root);
  },
};
