// dev only: fake a check summary, run migrate.yml for real
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { ensureRepos, makeSystemRoot, serveDirectory } from '../test/bed/index.js';
import { FLEET, PLAYBOOKS, fleetInventory, makeInhibited } from '../test/ansible/fleet.js';
const repos = await ensureRepos();
const good = await serveDirectory(repos.sles15);
const dir = await mkdtemp('/tmp/ans-dev/mig-');
const roots: any = {};
for (const h of FLEET) roots[h] = await makeSystemRoot({ targetRepoUrl: h === 'failing' ? 'http://127.0.0.1:9/x/' : good.url, dir: path.join(dir, 'roots', h) });
await makeInhibited(roots.inhibited);
const reports = path.join(dir, 'reports');
await mkdir(path.join(dir, 'st'), { recursive: true });
await writeFile(path.join(dir, 'inv.yml'), await fleetInventory({ roots, reportDir: reports, standinLogDir: path.join(dir, 'st') }));
for (const h of FLEET) {
  await mkdir(path.join(reports, 'hosts', h), { recursive: true });
  await writeFile(path.join(reports, 'hosts', h, 'status.json'), JSON.stringify({ host: h, check: { host: h, status: h === 'inhibited' ? 'inhibited' : 'ready', version: '12.5', targetVersion: '15.7', inhibitors: [], waived: {} } }));
}
await writeFile(path.join(reports, 'fleet-summary.json'), JSON.stringify({ hosts: FLEET.map((host) => ({ host })) }));
const r = await execa('ansible-playbook', ['-i', path.join(dir, 'inv.yml'), path.join(PLAYBOOKS, 'migrate.yml'), '-e', '{"dms_serial":[1,1]}'], { reject: false, all: true, env: { ANSIBLE_NOCOLOR: '1' } });
console.log(r.all, r.exitCode, dir);
await good.close();
