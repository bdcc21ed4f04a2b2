// Debug mode of finish (SPEC 5.14): keep the mounts for inspection until the user's shell ends or the container is stopped.
import { readFile } from 'node:fs/promises';
import { errorMessage } from '../../errors.js';
import { pathExists } from '../../system/fs.js';
import type { StepContext } from '../types.js';

/** podman describes the container in /run/.containerenv (`name="..."`); undefined outside podman. */
export function containerName(containerenv: string): string | undefined {
  const match = /^name="([^"]*)"$/m.exec(containerenv);
  return match?.[1] || undefined;
}

/** What the user reads when the run holds: which mounts stay, how to look at them and how to end it. */
export function holdMessage(mountPoints: readonly string[], how: { tty: boolean; container?: string }): string {
  const name = how.container ?? '<container>';
  const kept =
    mountPoints.length > 0 ? `the ${mountPoints.length} mount(s) stay for inspection: ${mountPoints.join(', ')}` : 'no mounts were made';
  const next = how.tty
    ? 'A shell in the migration container follows; leave it (exit) to release the mounts and end the run'
    : `Inspect with \`podman exec -it ${name} bash\`; \`podman stop ${name}\` releases the mounts and ends the run`;
  return `Reboot skipped due to debug flag set: ${kept}. ${next}.`;
}

/** Resolves on the first SIGTERM or SIGINT (podman stop, Ctrl-C). */
function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

/** Holds the run with every mount in place: an interactive shell with a terminal, else until a signal. */
export async function holdForDebug(ctx: StepContext): Promise<void> {
  if (ctx.interrupted || ctx.exec.wasInterrupted) {
    ctx.log.warn({ event: 'finish.debug' }, 'debug is set, but the run was interrupted: releasing the mounts now');
    return;
  }
  const tty = Boolean(process.stdin.isTTY);
  const container = containerName(await readFile('/run/.containerenv', 'utf8').catch(() => ''));
  const mountPoints = ctx.mounts.list().map((m) => m.target);
  ctx.log.warn(
    { event: 'finish.debug', mounts: mountPoints, tty, ...(container ? { container } : {}) },
    holdMessage(mountPoints, { tty, ...(container ? { container } : {}) }),
  );
  if (tty) {
    const shell = (await pathExists('/bin/bash')) ? '/bin/bash' : '/bin/sh';
    // podman stop during the shell ends it (and the hold) like leaving it would.
    await ctx.exec
      .run(shell === '/bin/bash' ? [shell, '--norc', '-i'] : [shell, '-i'], {
        interactive: true,
        allowFailure: true,
        stopSignal: 'SIGHUP',
        env: { PS1: '(dms debug) \\w # ' },
      })
      .catch((err: unknown) => ctx.log.info({ event: 'finish.debug' }, `debug shell ended: ${errorMessage(err)}`));
  } else {
    const signal = await nextSignal();
    ctx.log.info({ event: 'finish.debug', signal }, `debug hold ended by ${signal}`);
  }
  // A signal also stopped the runner (the run's own handler): unmounting must still run.
  ctx.exec.resume();
}
