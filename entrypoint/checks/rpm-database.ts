// rpm-database: the host's rpm database must be there and readable, with packages in it: a migration of a host
// whose database is corrupt or empty would edit its files and then fail in zypper, with a misleading message.
import { rpmQuery } from '../system/read-only.js';
import { hasRpmDatabase, parsePackageList, rpmDbPath } from '../system/rpm-db.js';
import { fail, pass, type Check } from './types.js';

export const rpmDatabase: Check = {
  id: 'rpm-database',
  title: 'The rpm database of the host can be read',
  severity: 'inhibitor',
  remediation:
    'repair the database on the host (rpm --rebuilddb, or restore /var/lib/rpm or /usr/lib/sysimage/rpm from a backup), then run the check again',
  async run(ctx) {
    const dbPath = await rpmDbPath(ctx.root);
    if (!(await hasRpmDatabase(ctx.root)))
      return fail([`the host has no rpm database (neither /usr/lib/sysimage/rpm nor /var/lib/rpm holds one)`]);
    const q = await ctx.exec.query(await rpmQuery(ctx.root, '-qa', '--qf', '%{NAME} %{VERSION}-%{RELEASE}.%{ARCH}\\n'));
    if (!q.ok) {
      const said = q.stderr.trim().split('\n').slice(-3).join(' ') || `exit code ${q.exitCode}`;
      return fail([`rpm cannot read the database in ${dbPath}: ${said}`]);
    }
    const packages = parsePackageList(q.stdout);
    if (packages.size === 0) return fail([`the rpm database in ${dbPath} lists no package`]);
    return pass(`${packages.size} packages in ${dbPath}`);
  },
};
