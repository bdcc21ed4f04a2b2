// ENTRYPOINT of the migration image: runs the CLI and sets the exit code. The logs are written synchronously,
// so nothing is lost when the process ends; a stray handle (a helper that did not end) never keeps it alive.
import { main } from './cli.js';

// As PID 1 the program gets only the signals it handles. `run` (and debug's hold) handle SIGTERM and SIGINT
// themselves: stop the running command, release the mounts. Every other command just ends.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (process.listenerCount(signal) > 1) return;
    process.stderr.write(`dms: stopped by ${signal}\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
setTimeout(() => process.exit(code), 2000).unref();
