// A package whose upgrade waits in its %pre scriptlet until the test opens a gate file: a deterministic "mid-transaction".
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { bedEnv } from '../bed/rpm-env.js';
import { buildRepo } from '../bed/rpmbuild.js';
import type { PackageDef } from '../bed/model.js';

/** Host paths inside the root: the scriptlet creates WAITING, then waits for OPEN. */
export const GATE_WAITING = '/var/lib/dms-gate-waiting';
export const GATE_OPEN = '/var/lib/dms-gate-open';

function gate(version: string): PackageDef {
  return {
    name: 'dms-gate',
    version,
    release: '1',
    summary: 'Test gate: its upgrade waits for a file',
    noarch: true,
    autoReqProv: false,
    files: [{ kind: 'file', path: '/usr/share/dms-gate/version', content: `${version}\n` }],
    scripts:
      version === '1'
        ? {}
        : {
            pre: `: > ${GATE_WAITING}\nwhile [ ! -e ${GATE_OPEN} ]; do /usr/bin/busybox sleep 1; done`,
          },
  };
}

export interface GateRepos {
  /** The temporary directory holding both repositories (remove it when done). */
  dir: string;
  /** Repository with dms-gate 2 (serve it and add it to the root's repositories). */
  target: string;
  /** The dms-gate 1 package file, to install into a root. */
  oldRpm: string;
}

export async function buildGateRepos(): Promise<GateRepos> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-gate-'));
  const cpe = 'cpe:/o:suse:sles:15:sp7';
  await buildRepo({ id: 'gate1', label: 'gate 1', cpe, packages: [gate('1')] }, path.join(dir, 'gate1'));
  await buildRepo({ id: 'gate2', label: 'gate 2', cpe, packages: [gate('2')] }, path.join(dir, 'gate2'));
  const old = (await readdir(path.join(dir, 'gate1/noarch'))).find((n) => n.endsWith('.rpm'))!;
  return { dir, target: path.join(dir, 'gate2'), oldRpm: path.join(dir, 'gate1/noarch', old) };
}

/** Installs dms-gate 1 into a bed root and adds the repository that has dms-gate 2. */
export async function addGate(root: string, repos: GateRepos, repoUrl: string): Promise<void> {
  await execa('rpm', ['--root', root, '--dbpath', '/var/lib/rpm', '-i', '--nodeps', repos.oldRpm], { env: await bedEnv(root) });
  await writeFile(
    path.join(root, 'etc/zypp/repos.d/gate.repo'),
    `[gate]\nname=gate\nenabled=1\nautorefresh=1\nbaseurl=${repoUrl}\ntype=rpm-md\ngpgcheck=0\n`,
  );
}
