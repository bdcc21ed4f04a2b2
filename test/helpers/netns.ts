// A network namespace of the test's own for a container that runs a real NetworkManager: a veth pair, lo, and the repository server, nothing of this machine's.
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';

export interface IsolatedNetwork {
  /** The namespace, for `podman run --network ns:<path>` and `ip -n <name>`. */
  name: string;
  path: string;
  /** The veth end in the namespace: the only Ethernet device that NetworkManager sees there. */
  device: string;
  /** The repository server, listening on the namespace's own 127.0.0.1. */
  repoUrl: string;
}

const REPO_SERVER = pathToFileURL(`${import.meta.dirname}/../bed/repo-server.ts`).href;

/** `dir` served by test/bed/repo-server.ts in a child process that runs in the namespace; ends with it. */
async function serveIn(name: string, dir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const code = `const { serveDirectory } = await import(${JSON.stringify(REPO_SERVER)}); console.log((await serveDirectory(${JSON.stringify(dir)})).url);`;
  const child = execa('ip', ['netns', 'exec', name, process.execPath, '--import', 'tsx', '--input-type=module', '-e', code], {
    reject: false,
    stdin: 'ignore',
    stderr: 'inherit',
  });
  const url = await new Promise<string | undefined>((resolve) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    void child.then(() => resolve(undefined));
  });
  const stop = async () => {
    child.kill('SIGTERM');
    await child;
  };
  if (!url?.startsWith('http://127.0.0.1:')) {
    await stop();
    throw new Error(`the repository server did not start in network namespace ${name}`);
  }
  return { url, stop };
}

/**
 * Runs `fn` with a new network namespace holding lo (up), one end of a veth pair and a server of `repoDir`;
 * the other end of the pair is up in a second namespace, so the device has a carrier. Both namespaces, and
 * with them the pair, are deleted afterwards, also when `fn` fails.
 */
export async function withIsolatedNetwork<T>(repoDir: string, fn: (net: IsolatedNetwork) => Promise<T>): Promise<T> {
  const id = randomBytes(3).toString('hex');
  const name = `dms-nm-${id}`;
  const peer = `${name}-peer`;
  const device = `dmsv${id}`;
  const made: string[] = [];
  let server: { stop: () => Promise<void> } | undefined;
  try {
    for (const ns of [name, peer]) {
      await execa('ip', ['netns', 'add', ns]);
      made.push(ns);
    }
    await execa('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
    await execa('ip', ['-n', name, 'link', 'add', device, 'type', 'veth', 'peer', 'name', `dmsp${id}`, 'netns', peer]);
    await execa('ip', ['-n', peer, 'link', 'set', `dmsp${id}`, 'up']);
    const served = await serveIn(name, repoDir);
    server = served;
    return await fn({ name, path: `/run/netns/${name}`, device, repoUrl: served.url });
  } finally {
    await server?.stop();
    for (const ns of made.reverse()) await execa('ip', ['netns', 'del', ns], { reject: false });
  }
}

/** `ip -br addr show <device>` in the namespace: "<device> <state> <addresses...>". */
export async function addressesIn(net: IsolatedNetwork): Promise<string> {
  return (await execa('ip', ['-n', net.name, '-br', 'addr', 'show', net.device])).stdout;
}
