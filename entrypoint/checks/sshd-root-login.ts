// sshd-root-login: SLE 16 no longer allows root to log in over SSH with a password by default (SPEC 6.10).
import path from 'node:path';
import { isSymlink } from '../system/fs.js';
import { globToRegExp } from '../system/glob.js';
import { readOptional } from '../system/fs.js';
import { listOptional } from '../system/fs.js';
import { fail, notApplicable, pass, type Check, type CheckContext } from './types.js';

const SSHD_WANTS = '/etc/systemd/system/multi-user.target.wants/sshd.service';

/** sshd takes the first value it reads for a keyword; Include pulls drop-ins in at that place. */
async function permitRootLogin(ctx: CheckContext, file: string, depth = 0): Promise<{ value?: string; from?: string }> {
  const text = await readOptional(ctx.host(file));
  if (text === undefined || depth > 3) return {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (/^Match\s/i.test(line)) break;
    const [key, ...rest] = line.split(/\s+/);
    if (key?.toLowerCase() === 'permitrootlogin') return { value: rest.join(' ').toLowerCase(), from: file };
    if (key?.toLowerCase() === 'include') {
      for (const pattern of rest) {
        const abs = pattern.startsWith('/') ? pattern : path.posix.join('/etc/ssh', pattern);
        const dir = path.posix.dirname(abs);
        const re = globToRegExp(path.posix.basename(abs));
        for (const name of (await listOptional(ctx.host(dir))).filter((n) => re.test(n))) {
          const found = await permitRootLogin(ctx, path.posix.join(dir, name), depth + 1);
          if (found.value) return found;
        }
      }
    }
  }
  return {};
}

export const sshdRootLogin: Check = {
  id: 'sshd-root-login',
  title: 'Root login over SSH after the migration',
  severity: 'warning',
  sinceMajor: 16,
  remediation:
    'SLE 16 disables root password login over SSH by default: use SSH keys, or keep it with PermitRootLogin yes in /etc/ssh/sshd_config.d/50-permit-root-login.conf (after the migration: zypper install openssh-server-config-rootlogin)',
  async run(ctx) {
    if (!(await isSymlink(ctx.host(SSHD_WANTS)))) return notApplicable('sshd is not enabled');
    let found = await permitRootLogin(ctx, '/etc/ssh/sshd_config');
    if (!found.value) found = await permitRootLogin(ctx, '/usr/etc/ssh/sshd_config');
    const value = found.value ?? 'yes';
    if (value === 'no') return pass(`PermitRootLogin no (${found.from})`);
    return fail([`sshd is enabled and PermitRootLogin is ${value} (${found.from ?? 'the SLE 15 default'})`]);
  },
};
