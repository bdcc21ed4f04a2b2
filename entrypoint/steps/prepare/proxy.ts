// Exports the host's proxy settings (/etc/sysconfig/proxy) to every later command of the run (SPEC 7.2).
import { redactUrl } from '../../log/redact.js';
import { parseProxyFile, PROXY_FILE } from '../../system/proxy.js';
import type { StepContext } from '../types.js';
import { writeContainerFile } from '../../system/container-files.js';

/**
 * Copies the host's proxy file into the container; when PROXY_ENABLED="yes", exports its proxies (both cases)
 * to this process and returns them, for the package commands of later steps.
 */
export async function applyHostProxy(ctx: StepContext): Promise<Record<string, string>> {
  const text = await ctx.files.readOptional(PROXY_FILE).catch(() => undefined);
  if (text === undefined) {
    ctx.log.info({ event: 'prepare.proxy', enabled: false }, `the host has no ${PROXY_FILE}: no proxy`);
    return {};
  }
  // libzypp built without libproxy reads only this file, not the environment.
  await writeContainerFile(PROXY_FILE, text);
  const proxy = parseProxyFile(text);
  const keys = Object.keys(proxy.env);
  if (!proxy.enabled || keys.length === 0) {
    ctx.log.info(
      { event: 'prepare.proxy', enabled: false },
      `${PROXY_FILE} on the host: proxy not enabled (PROXY_ENABLED is not "yes" or no proxy is set)`,
    );
    return {};
  }
  // Every command of every later step inherits process.env (Exec extends it), so zypper,
  // SUSEConnect and the migration plugin all go through the host's proxy.
  Object.assign(process.env, proxy.env);
  const shown = keys
    .filter((k) => k === k.toLowerCase())
    .map((k) => `${k}=${redactUrl(proxy.env[k] ?? '')}`)
    .join(' ');
  ctx.log.info(
    { event: 'prepare.proxy', enabled: true, keys },
    `proxy from the host's ${PROXY_FILE}, exported to every command (lower and upper case): ${shown}`,
  );
  return proxy.env;
}
