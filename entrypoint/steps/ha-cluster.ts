// ha-cluster (SPEC 5.10, SLE 16): let crmsh fix the cluster node's configuration for SLE 16.
import { StepError } from '../errors.js';
import { pathExists } from '../system/fs.js';
import { chrootArgv, CRM_SLES16_HEALTH } from '../system/host-programs.js';
import type { Step } from './types.js';

const COROSYNC_CONF = '/etc/corosync/corosync.conf';
export const HA_FIX = [...CRM_SLES16_HEALTH, '--fix'];
/** What crmsh's fix rewrites: the door keeps it as it was. */
const CLUSTER_CONFIG = '/etc/corosync';

export const haCluster: Step = {
  id: 'ha-cluster',
  title: 'Fix the HA cluster configuration for SLE 16',
  fatal: false,
  needs: ['upgrade'],
  async skipReason(ctx) {
    return (await pathExists(ctx.host(COROSYNC_CONF))) ? undefined : `no ${COROSYNC_CONF}: the host is not an HA cluster node`;
  },
  async run(ctx) {
    const result = await ctx.files.around([CLUSTER_CONFIG], () =>
      ctx.exec.run(chrootArgv(ctx.paths.systemRoot, HA_FIX), { allowFailure: true }),
    );
    if (!result.ok) {
      throw new StepError(
        `HA cluster health fix failed: ${HA_FIX.join(' ')} ${result.notFound ? 'could not be started' : `exited with ${result.exitCode}`}`,
        `after the reboot run \`${HA_FIX.join(' ')}\` on this node and follow its advice before it rejoins the cluster`,
      );
    }
  },
};
