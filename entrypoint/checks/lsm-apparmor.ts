// lsm-apparmor: SLE 16 replaces AppArmor with SELinux; local AppArmor profiles will no longer protect anything (SPEC 6.6).
import path from 'node:path';
import { readOptional } from '../system/fs.js';
import { listOptional } from './read.js';
import { fail, pass, type Check } from './types.js';
import { rpmQuery } from '../system/read-only.js';

export const lsmApparmor: Check = {
  id: 'lsm-apparmor',
  title: 'AppArmor to SELinux switch',
  severity: 'warning',
  sinceMajor: 16,
  remediation:
    'SLE 16 uses SELinux: the migration sets security=selinux and installs patterns-base-selinux. Review local AppArmor profiles and write SELinux policy for them after the migration',
  async run(ctx) {
    const enabled = ((await readOptional(path.join(ctx.sysDir, 'module/apparmor/parameters/enabled'))) ?? '').trim() === 'Y';
    const grub = (await readOptional(ctx.host('/etc/default/grub'))) ?? '';
    const profiles = (await listOptional(ctx.host('/etc/apparmor.d'))).filter((n) => !n.startsWith('.'));
    if (!enabled && !/\bsecurity=apparmor\b/.test(grub)) return pass('AppArmor is not enabled');
    const evidence = [
      `AppArmor is ${enabled ? 'enabled in the running kernel' : 'selected in /etc/default/grub (security=apparmor)'}`,
      `${profiles.length} entries in /etc/apparmor.d`,
    ];
    // Changed profile files (rpm -V digest column) are local policy that will be lost.
    const verify = await ctx.exec.query(await rpmQuery(ctx.root, '-V', 'apparmor-profiles'));
    const changed = verify.stdout
      .split('\n')
      .filter((l) => /^..5/.test(l) && l.includes('/etc/apparmor.d'))
      .map((l) => l.trim().split(/\s+/).at(-1)!);
    if (changed.length > 0) evidence.push(`locally changed AppArmor profiles: ${changed.join(', ')}`);
    return fail(evidence);
  },
};
