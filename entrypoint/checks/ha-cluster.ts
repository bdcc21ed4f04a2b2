// ha-cluster: a cluster node must pass crmsh's SLE 16 health check before it is migrated (SPEC 6.8).
import { pathExists } from '../system/fs.js';
import { crmHealthQuery } from '../system/read-only.js';
import { fail, notApplicable, pass, type Check } from './types.js';

export const haCluster: Check = {
  id: 'ha-cluster',
  title: 'High-availability cluster node is ready for SLE 16',
  severity: 'inhibitor',
  sinceMajor: 16,
  remediation: 'run crm cluster health sles16 --local on the node and fix what it reports; migrate one node at a time',
  async run(ctx) {
    if (!(await pathExists(ctx.host('/etc/corosync/corosync.conf'))))
      return notApplicable('not a cluster node (no /etc/corosync/corosync.conf)');
    if (!(await pathExists(ctx.host('/usr/sbin/crm')))) {
      return fail(['/etc/corosync/corosync.conf exists but crmsh (/usr/sbin/crm) is not installed: the cluster cannot be checked'], {
        severity: 'warning',
        remediation: 'install crmsh (zypper install crmsh) and run crm cluster health sles16 --local',
      });
    }
    // In a throw-away overlay of the host root: whatever crmsh writes (its log, caches) does not reach the host.
    const r = await ctx.exec.inThrowawayView(ctx.root, (view) => ctx.exec.query(crmHealthQuery(view)));
    const output = `${r.stdout}${r.stderr}`.trim();
    if (r.ok) return pass('crm cluster health sles16 --local passed', ...(output ? [output] : []));
    if (/sles16/.test(output) && /invalid|unknown|usage/i.test(output)) {
      return fail([`crmsh is too old for the SLE 16 health check: ${output}`], {
        severity: 'warning',
        remediation: 'update crmsh (zypper update crmsh) and run the check again',
      });
    }
    return fail([`crm cluster health sles16 --local failed (exit code ${r.exitCode})`, ...(output ? [output] : [])]);
  },
};
