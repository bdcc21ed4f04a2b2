// pam (SPEC 5.9, SLE 16): pam_unix_{auth,acct,session,passwd}.so in /etc/pam.d become pam_unix.so.
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { consolidatePamUnix, usesSplitPamUnix } from '../system/pam.js';
import type { Step, StepContext } from './types.js';

const PAM_DIR = '/etc/pam.d';

/** Regular files of the host's /etc/pam.d with their text. Symlinks are not followed (their target may lie outside the root). */
async function pamFiles(ctx: StepContext): Promise<{ name: string; hostPath: string; text: string }[]> {
  const dir = ctx.host(PAM_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: { name: string; hostPath: string; text: string }[] = [];
  for (const name of names.sort()) {
    const file = path.join(dir, name);
    const st = await lstat(file);
    if (st.isSymbolicLink()) {
      ctx.log.debug(
        { event: 'pam.symlink' },
        `${PAM_DIR}/${name} is a symlink to ${await readlink(file)}: its target is handled on its own`,
      );
      continue;
    }
    if (!st.isFile()) continue;
    out.push({ name, hostPath: path.posix.join(PAM_DIR, name), text: await readFile(file, 'utf8') });
  }
  return out;
}

export const pam: Step = {
  id: 'pam',
  title: 'Consolidate the pam_unix modules (SLE 16)',
  fatal: false,
  needs: ['upgrade'],
  async skipReason(ctx) {
    const files = await pamFiles(ctx);
    return files.some((f) => usesSplitPamUnix(f.text)) ? undefined : `no file in ${PAM_DIR} uses pam_unix_auth/acct/session/passwd.so`;
  },
  async run(ctx) {
    let changed = 0;
    for (const f of await pamFiles(ctx)) {
      const result = consolidatePamUnix(f.text);
      if (result.count === 0) continue; // the original rewrote every file, changed or not
      await ctx.files.write(f.hostPath, result.text);
      changed++;
      ctx.log.info(
        { event: 'pam.rewrite', file: `${PAM_DIR}/${f.name}`, replaced: result.count },
        `${PAM_DIR}/${f.name}: ${result.count} module name(s) -> pam_unix.so`,
      );
    }
    ctx.log.info({ event: 'pam.done', files: changed }, `rewrote ${changed} file(s) in ${PAM_DIR}`);
  },
};
