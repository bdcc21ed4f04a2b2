// ENTRYPOINT of the migration image: runs the CLI and sets the exit code (no process.exit, so logs flush).
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
