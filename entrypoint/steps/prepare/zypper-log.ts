// Makes zypper's own log (/var/log/zypper.log) land on the host, also when /var/log is not shared (SPEC 4).
import { stat } from 'node:fs/promises';
import { pathExists } from '../../system/fs.js';
import type { StepContext } from '../types.js';

export const ZYPPER_LOG = '/var/log/zypper.log';

async function sameDirectory(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([stat(a).catch(() => undefined), stat(b).catch(() => undefined)]);
  return sa !== undefined && sb !== undefined && sa.dev === sb.dev && sa.ino === sb.ino;
}

/**
 * With the host's /var/log mounted at /var/log (the shim does so) zypper already writes the host's log.
 * Otherwise the host's zypper.log is bound onto the container's; failures are warnings.
 */
export async function bindZypperLog(ctx: StepContext): Promise<void> {
  if (await sameDirectory('/var/log', await ctx.files.resolve('/var/log'))) {
    ctx.log.info(
      { event: 'prepare.zypper-log' },
      `the host's /var/log is mounted at /var/log: zypper writes the host's ${ZYPPER_LOG} directly`,
    );
    return;
  }
  if (!(await pathExists(ctx.host(ZYPPER_LOG)))) {
    ctx.log.info({ event: 'prepare.zypper-log' }, `the host has no ${ZYPPER_LOG}; zypper's log stays in the container`);
    return;
  }
  try {
    await ctx.mounts.bind(ctx.host(ZYPPER_LOG), ZYPPER_LOG, { file: true });
  } catch (err) {
    ctx.log.warn({ event: 'prepare.zypper-log' }, `could not bind the host's ${ZYPPER_LOG}: ${(err as Error).message}`);
  }
}
