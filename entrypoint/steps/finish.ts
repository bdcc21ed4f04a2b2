// finish (SPEC 5.14): release every recorded mount, deepest first, and check that none is left.
import type { Step } from './types.js';

export const finish: Step = {
  id: 'finish',
  title: 'Release mounts',
  fatal: false,
  skipReason(ctx) {
    return ctx.config.debug ? 'debug is set: mounts are kept for inspection (they end with the container)' : undefined;
  },
  async run(ctx) {
    const count = ctx.mounts.list().length;
    const left = await ctx.mounts.releaseAll();
    if (left.length > 0) {
      throw new Error(`still mounted after unmounting: ${left.join(', ')}`);
    }
    ctx.log.info({ event: 'mounts.released', count }, `released ${count} mount(s); none left`);
  },
};
