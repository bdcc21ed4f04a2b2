// finish (SPEC 5.14): release every recorded mount, deepest first, and check that none is left; debug holds first.
import type { Step } from './types.js';
import { holdForDebug } from './finish/debug-hold.js';

export const finish: Step = {
  id: 'finish',
  title: 'Release mounts',
  fatal: false,
  async run(ctx) {
    if (ctx.config.debug) await holdForDebug(ctx);
    const count = ctx.mounts.list().length;
    const left = await ctx.mounts.releaseAll();
    if (left.length > 0) {
      throw new Error(`still mounted after unmounting: ${left.join(', ')}`);
    }
    ctx.log.info({ event: 'mounts.released', count }, `released ${count} mount(s); none left`);
  },
};
