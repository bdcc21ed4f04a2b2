// Plugin mode needs a registered host: `chroot /system-root SUSEConnect --list-extensions` must succeed (SPEC 5.2 #11).
import { StepError } from '../../errors.js';
import { chrootArgv } from '../../system/host-programs.js';
import type { StepContext } from '../types.js';

export const REGISTER_HINT =
  'register the host first (on the host: SUSEConnect -r <REGISTRATION_CODE>, or registercloudguest in a public cloud; ' +
  'with RMT/SMT: SUSEConnect --url <server>), then run the migration again; ' +
  'or migrate in dup mode with --use-zypper-dup after adding the target repositories to the host';

export async function checkRegistration(ctx: StepContext): Promise<void> {
  const result = await ctx.exec.run(chrootArgv(ctx.paths.systemRoot, ['SUSEConnect', '--list-extensions']), { allowFailure: true });
  if (result.ok) {
    ctx.log.info({ event: 'prepare.registration', registered: true }, 'the host is registered (SUSEConnect --list-extensions succeeded)');
    return;
  }
  // chroot reports a missing or unusable program with 127 or 126.
  const why = result.notFound
    ? 'chroot is missing in the migration image'
    : result.exitCode === 127 || result.exitCode === 126
      ? 'SUSEConnect is not installed on the host, so its registration can not be checked'
      : `SUSEConnect --list-extensions exited with code ${result.exitCode}`;
  ctx.log.info({ event: 'prepare.registration', registered: false }, `registration check failed: ${why}`);
  throw new StepError(`System not registered. Aborting migration. (${why})`, REGISTER_HINT);
}
