// Command line of the test bed for scripts: repos [--arch A] | make-root DIR --repo-url URL [--release 15.7] [--arch A] | serve DIR | scale | prune.
import { Command } from 'commander';
import { SLE_ARCHES } from './arch.js';
import { ensureRepos } from './repos.js';
import { serveDirectory } from './repo-server.js';
import { makeSystemRoot } from './system-root.js';
import { pruneCache } from './prune.js';
import { ensureScaledBed } from './scale.js';

function checkedArch(arch: string | undefined): string | undefined {
  if (arch !== undefined && !(SLE_ARCHES as readonly string[]).includes(arch))
    throw new Error(`--arch must be one of ${SLE_ARCHES.join(', ')}, not ${arch}`);
  return arch;
}

const program = new Command('testbed').description('Synthetic SLES repositories and system roots for DMS tests');

program
  .command('repos')
  .description('build (or reuse) the sles12, sles15 and sles16 repositories; print their paths as JSON')
  .option('--arch <arch>', `architecture: ${SLE_ARCHES.join(', ')} (default: the machine's)`)
  .action(async (o: { arch?: string }) => {
    console.log(JSON.stringify(await ensureRepos({ arch: checkedArch(o.arch) }), null, 2));
  });

program
  .command('make-root')
  .description('make an installed SLES 12 SP5 (or 15 SP7) root at DIR (missing or empty) whose target repo points at URL')
  .argument('<dir>')
  .requiredOption('--repo-url <url>', 'baseurl of the target repository (SLES 15 SP7, or SLES 16.0 for --release 15.7) inside the root')
  .option('--release <release>', 'release of the root: 12.5 or 15.7', '12.5')
  .option('--arch <arch>', `architecture of the root: ${SLE_ARCHES.join(', ')} (default: the machine's)`)
  .action(async (dir: string, o: { repoUrl: string; release: string; arch?: string }) => {
    if (o.release !== '12.5' && o.release !== '15.7') throw new Error(`--release must be 12.5 or 15.7, not ${o.release}`);
    console.log(await makeSystemRoot({ dir, targetRepoUrl: o.repoUrl, release: o.release, arch: checkedArch(o.arch) }));
  });

program
  .command('serve')
  .description('serve DIR over HTTP on 127.0.0.1 until killed; the first line of stdout is the base URL')
  .argument('<dir>')
  .option('--port <port>', 'port (default: a free one)', (v) => Number.parseInt(v, 10))
  .action(async (dir: string, o: { port?: number }) => {
    const served = await serveDirectory(dir, o.port === undefined ? {} : { port: o.port });
    console.log(served.url);
    const stop = () => {
      served.close().finally(() => process.exit(0));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });

program
  .command('scale')
  .description('build (or reuse) repositories and a template root with N packages (benchmark); print their paths as JSON')
  .requiredOption('--packages <n>', 'packages in the root', (v) => Number.parseInt(v, 10))
  .option('--payload-kib <k>', 'random payload per SLES 15 filler package (KiB)', (v) => Number.parseInt(v, 10), 0)
  .action(async (o: { packages: number; payloadKib: number }) => {
    console.log(JSON.stringify(await ensureScaledBed({ packages: o.packages, payloadKiB: o.payloadKib }), null, 2));
  });

program
  .command('prune')
  .description('delete cached repositories and template roots that the current sources no longer use')
  .action(async () => {
    for (const d of await pruneCache()) console.log(`removed ${d}`);
  });

await program.parseAsync();
