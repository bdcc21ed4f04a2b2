// third-party: repositories, products and packages that do not come from SUSE may not survive the upgrade.
import path from 'node:path';
import { listOptional, readOptional } from '../system/fs.js';
import { hostRepos } from './read.js';
import { readRegistration } from '../system/registration.js';
import { hostCommand } from './host-command.js';
import { fail, pass, type Check } from './types.js';
import { rpmQuery } from '../system/read-only.js';

const SUSE_HOSTS = /(^|\.)(suse\.com|suse\.de|suse\.cz|opensuse\.org|susecloud\.net)$/i;
const MAX_LISTED = 20;

function host(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

function capped(items: string[]): string {
  return items.length > MAX_LISTED ? `${items.slice(0, MAX_LISTED).join(', ')} and ${items.length - MAX_LISTED} more` : items.join(', ');
}

export const thirdParty: Check = {
  id: 'third-party',
  title: 'Third-party repositories, products and packages',
  severity: 'warning',
  remediation: 'check with each vendor that its software supports the target release; disable the repositories that have no version for it',
  async run(ctx) {
    const reg = await readRegistration(ctx.host);
    const trusted = new Set([reg.server && host(reg.server)].filter((h): h is string => Boolean(h)));
    const evidence: string[] = [];
    const repos = (await hostRepos(ctx)).filter((r) => r.enabled && r.baseurl && !r.baseurl.startsWith('plugin:/susecloud'));
    const foreign = repos.filter((r) => {
      const h = host(r.baseurl!);
      return h !== undefined && !SUSE_HOSTS.test(h) && !trusted.has(h);
    });
    if (foreign.length > 0)
      evidence.push(`repositories not from SUSE or the registration server: ${capped(foreign.map((r) => `${r.alias} (${r.baseurl})`))}`);

    const productsDir = ctx.host('/etc/products.d');
    const products: string[] = [];
    for (const name of (await listOptional(productsDir)).filter((n) => n.endsWith('.prod'))) {
      const vendor = /<vendor>([^<]*)<\/vendor>/.exec((await readOptional(path.join(productsDir, name))) ?? '')?.[1]?.trim();
      if (vendor !== undefined && !/SUSE/i.test(vendor)) products.push(`${name} (${vendor})`);
    }
    if (products.length > 0) evidence.push(`products not from SUSE: ${capped(products)}`);

    const q = await ctx.exec.query(await rpmQuery(ctx.root, '-qa', '--qf', '%{NAME}\t%{VENDOR}\n'));
    const packages = q.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t') as [string, string])
      .filter(([name, vendor]) => name !== 'gpg-pubkey' && !/SUSE/i.test(vendor ?? ''))
      .map(([name, vendor]) => `${name} (${vendor === '(none)' || !vendor ? 'no vendor' : vendor})`)
      .sort();
    if (packages.length > 0) evidence.push(`${packages.length} installed package(s) not from SUSE: ${capped(packages)}`);
    const commands = foreign.slice(0, MAX_LISTED).map((r) => hostCommand('zypper', 'modifyrepo', '--disable', r.alias));
    return evidence.length > 0 ? fail(evidence, { commands }) : pass('every enabled repository, product and package comes from SUSE');
  },
};
