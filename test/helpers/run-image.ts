// Runs the migration image once through testcontainers (podman API), the way the shim would, and returns exit code and output.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { scriptArgs, exitStatusIn } from './terminal.js';
import type Dockerode from 'dockerode';
import {
  GenericContainer,
  ImageName,
  Wait,
  getContainerRuntimeClient,
  type ContainerRuntimeClient,
  type WaitStrategy,
} from 'testcontainers';

// Podman's Docker-compatible API (started by scripts/lib/setup-host.mjs); Ryuk cannot be pulled here.
process.env.DOCKER_HOST ??= 'unix:///run/podman/podman.sock';
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

const names = JSON.parse(readFileSync(new URL('../../image/names.json', import.meta.url), 'utf8')) as { image: string };

/** The image under test ($DMS_IMAGE, else names.image). */
export function testImage(): string {
  return process.env.DMS_IMAGE || names.image;
}

/** Its twin built with TARGET_VERSION_ID=16.0 (scripts/build-image.mjs): runs the SLE 16 step set. */
export function sle16TestImage(): string {
  return `${testImage()}-sle16`;
}

export interface RunImageOptions {
  /** Synthetic host root, bind-mounted at /system-root. Never the machine's real /. */
  root: string;
  /** Host directory bind-mounted at /var/log (the shim mounts the host's /var/log there). */
  logDir: string;
  /** Command (CMD) given to the entrypoint, e.g. ['run']. */
  args: string[];
  env?: Record<string, string>;
  extraBinds?: { source: string; target: string }[];
  /** Defaults to $DMS_IMAGE, else names.image (localhost/dms-migration:latest), built by `npm run image`. */
  image?: string;
  /** Container name (default: a random one), so that a test can signal the running container with podman. */
  name?: string;
  /** Podman's network mode: `host` (default, as the shim runs it), or `ns:/run/netns/<name>` for a namespace of the test's own. */
  network?: string;
  /** Kill and fail the run after this long; default 10 minutes. */
  timeoutMs?: number;
}

export interface RunImageResult {
  exitCode: number;
  /** stdout and stderr, interleaved as the container wrote them. */
  output: string;
}

// "Ready" = the container has exited, with any exit code. Wait.forOneShotStartup() can not be used:
// it polls once a second and, on a non-zero exit, removes the container and throws a generic error.
class ExitedWaitStrategy implements WaitStrategy {
  exitCode: number | undefined;
  private timeoutSet = false;
  constructor(private timeoutMs: number) {}

  async waitUntilReady(container: Dockerode.Container): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`container still running after ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      // POST /containers/{id}/wait answers at once, with the code, if the container already exited.
      const result = (await Promise.race([container.wait(), timeout])) as { StatusCode: number };
      this.exitCode = result.StatusCode;
    } finally {
      clearTimeout(timer);
    }
  }
  withStartupTimeout(ms: number): this {
    this.timeoutMs = ms;
    this.timeoutSet = true;
    return this;
  }
  isStartupTimeoutSet(): boolean {
    return this.timeoutSet;
  }
  getStartupTimeout(): number {
    return this.timeoutMs;
  }
}

// Splits Docker's multiplexed log stream (8-byte frame headers) back into text.
function demux(buf: Buffer): string {
  const parts: Buffer[] = [];
  for (let i = 0; i + 8 <= buf.length; ) {
    const size = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

// Whole log of an exited container. The follow stream from withLogConsumer carries all data but
// sometimes never emits 'end' after exit, so a non-follow read is the complete, final copy.
async function finalLogs(client: ContainerRuntimeClient, id: string, streamed: string): Promise<string> {
  const read = client.container.getById(id).logs({ stdout: true, stderr: true, follow: false }).then(demux);
  const late = new Promise<string>((resolve) => setTimeout(() => resolve(streamed), 10_000).unref());
  return Promise.race([read.catch(() => streamed), late]);
}

async function removeContainer(client: ContainerRuntimeClient, name: string): Promise<void> {
  try {
    await client.container.getById(name).remove({ force: true, v: true });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
}

/** The image to run and its bind mounts, checked: the image exists, every bind source exists. */
async function prepareRun(opts: RunImageOptions): Promise<{
  image: string;
  client: ContainerRuntimeClient;
  binds: { source: string; target: string }[];
  name: string;
  container: (label: string) => GenericContainer;
}> {
  const image = opts.image ?? testImage();
  const client = await getContainerRuntimeClient();
  // testcontainers would try to pull a missing image, which can only fail here.
  if (!(await client.image.exists(ImageName.fromString(image)))) {
    throw new Error(`image ${image} does not exist: run \`npm run image\` first`);
  }
  const binds = [{ source: opts.root, target: '/system-root' }, { source: opts.logDir, target: '/var/log' }, ...(opts.extraBinds ?? [])];
  // The API would silently create a missing bind source as an empty directory.
  for (const { source } of binds) {
    if (!existsSync(source)) throw new Error(`bind mount source ${source} does not exist`);
  }
  const name = opts.name ?? `dms-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  // As the shim runs it: privileged, host network (unless the test gives its own), the binds, the command for the entrypoint.
  const container = (label: string) =>
    new GenericContainer(image)
      .withName(name)
      .withLabels({ 'dms.test': label })
      .withPrivilegedMode()
      .withNetworkMode(opts.network ?? 'host')
      .withBindMounts(binds)
      .withEnvironment(opts.env ?? {})
      .withCommand(opts.args);
  return { image, client, binds, name, container };
}

/** A container that is still running: commands can be run in it, and stop() ends it (SIGTERM) and removes it. */
export interface RunningImage {
  name: string;
  exec(argv: string[]): Promise<{ exitCode: number; output: string }>;
  /** `podman stop` (SIGTERM, SIGKILL after timeoutMs); resolves to the exit code and the whole output. */
  stop(timeoutMs?: number): Promise<RunImageResult>;
}

/** Starts the image like runImage, but returns once its output matches `ready` (e.g. a debug hold). */
export async function startImage(opts: RunImageOptions, ready: RegExp): Promise<RunningImage> {
  const { client, name, container: configured } = await prepareRun(opts);
  try {
    const container = await configured('start-image')
      .withWaitStrategy(Wait.forLogMessage(ready).withStartupTimeout(opts.timeoutMs ?? 600_000))
      .start();
    return {
      name,
      async exec(argv) {
        const r = await container.exec(argv);
        return { exitCode: r.exitCode, output: r.output };
      },
      async stop(timeoutMs = 60_000) {
        try {
          await container.stop({ remove: false, timeout: timeoutMs });
          const state = (await client.container.getById(name).inspect()).State;
          return { exitCode: state.ExitCode, output: await finalLogs(client, name, '') };
        } finally {
          await removeContainer(client, name);
        }
      },
    };
  } catch (err) {
    await removeContainer(client, name);
    throw err;
  }
}

/** Runs the image privileged with host networking, waits for it to exit, and always removes the container. */
export async function runImage(opts: RunImageOptions): Promise<RunImageResult> {
  const { client, name, container: configured } = await prepareRun(opts);
  const wait = new ExitedWaitStrategy(opts.timeoutMs ?? 600_000);
  let streamed = '';
  const verbose = Boolean(process.env.DMS_TEST_VERBOSE);
  try {
    const container = await configured('run-image')
      .withWaitStrategy(wait)
      .withLogConsumer((stream) =>
        stream.on('data', (chunk: Buffer | string) => {
          streamed += chunk.toString();
          if (verbose) process.stderr.write(chunk);
        }),
      )
      .start();
    if (wait.exitCode === undefined) throw new Error(`no exit code for container ${name}`);
    return { exitCode: wait.exitCode, output: await finalLogs(client, container.getId(), streamed) };
  } finally {
    await removeContainer(client, name);
  }
}

/**
 * Runs the image with a terminal on stdin (podman run -it under util-linux `script`, which gives it a
 * pseudo-terminal and types `input` into it): the one case testcontainers cannot drive.
 */
export async function runImageWithTty(opts: RunImageOptions, input: string): Promise<RunImageResult> {
  const { image, binds, name } = await prepareRun(opts);
  const argv = [
    'podman',
    'run',
    '--rm',
    '-it',
    '--name',
    name,
    '--label',
    'dms.test=run-image-tty',
    '--privileged',
    '--net',
    opts.network ?? 'host',
    ...binds.flatMap((b) => ['-v', `${b.source}:${b.target}`]),
    ...Object.entries(opts.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    image,
    ...opts.args,
  ];
  const result = await execa('script', scriptArgs(argv), { input, reject: false, timeout: opts.timeoutMs ?? 600_000 });
  const output = `${result.stdout}${result.stderr}`;
  return { exitCode: exitStatusIn(output), output };
}

/** A run that must fail (exit 1, the output shown otherwise): resolves to the host's human log. */
export async function failedRunLog(run: Promise<RunImageResult>, root: string): Promise<string> {
  const { exitCode, output } = await run;
  assert.is(exitCode, 1, output);
  return readFile(path.join(root, 'var/log/distro_migration.log'), 'utf8');
}
