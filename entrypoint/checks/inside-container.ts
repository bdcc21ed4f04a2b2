// inside-container: the "host" must be a real system, not itself a container (its upgrade belongs in a new image).
import { pathExists } from '../system/fs.js';
import { fail, pass, type Check } from './types.js';

const MARKERS = ['/run/.containerenv', '/.dockerenv'];

export const insideContainer: Check = {
  id: 'inside-container',
  title: 'The host is not itself a container',
  severity: 'inhibitor',
  remediation: 'a container is not migrated in place: build or pull an image of the target release and recreate the container from it',
  async run(ctx) {
    const found: string[] = [];
    for (const marker of MARKERS) if (await pathExists(ctx.host(marker))) found.push(marker);
    if (found.length === 0) return pass('no container marker (/run/.containerenv, /.dockerenv) on the host');
    return fail(found.map((m) => `${m} exists: the system to migrate is a container`));
  },
};
