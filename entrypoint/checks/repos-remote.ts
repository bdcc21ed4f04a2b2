// repos-remote: repositories whose URL is not remote may be unreachable from the container (SPEC 6.2).
import { REPOS_DIR } from '../system/repo-files.js';
import { hostRepos } from './read.js';
import { hostCommand } from './host-command.js';
import { fail, pass, type Check } from './types.js';

const REMOTE = /^(https?|ftp):\/\/|^plugin:\/susecloud/i;

export const reposRemote: Check = {
  id: 'repos-remote',
  title: 'Every repository is remote (http, https, ftp or the cloud plugin)',
  severity: 'warning',
  remediation: 'disable or remove the local repositories (cd, dvd, hd, dir, iso, file) the migration cannot read',
  async run(ctx) {
    const repos = await hostRepos(ctx);
    if (repos.length === 0) {
      return fail([`no repositories in ${REPOS_DIR}`], {
        severity: ctx.facts.mode === 'dup' ? 'inhibitor' : 'warning',
        remediation:
          ctx.facts.mode === 'dup'
            ? 'dup mode upgrades from the target repositories configured on the host: add them (zypper addrepo URL ALIAS)'
            : 'register the system (SUSEConnect) so that its repositories are set up',
      });
    }
    const local = repos.filter((r) => r.enabled && !REMOTE.test(r.baseurl ?? ''));
    const bad = local.map((r) => `${r.alias} (${r.file}): ${r.baseurl === undefined ? 'no baseurl' : r.baseurl}`);
    if (bad.length === 0) return pass(`${repos.length} ${repos.length === 1 ? 'repository' : 'repositories'}, all remote or disabled`);
    return fail([...new Set(bad)], { commands: [...new Set(local.map((r) => hostCommand('zypper', 'modifyrepo', '--disable', r.alias)))] });
  },
};
