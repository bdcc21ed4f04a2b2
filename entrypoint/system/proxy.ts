// The host's /etc/sysconfig/proxy (SPEC 7.2): parsed into the proxy environment every command gets.

/** The host's proxy settings (YaST's Network/Proxy). */
export const PROXY_FILE = '/etc/sysconfig/proxy';

/** Proxy keys of sysconfig/proxy that become environment variables (lower- and upper-case). */
export const PROXY_KEYS = ['http_proxy', 'https_proxy', 'ftp_proxy', 'gopher_proxy', 'socks_proxy', 'socks5_server', 'no_proxy'] as const;

export interface ProxySettings {
  /** PROXY_ENABLED="yes" */
  enabled: boolean;
  /** Environment to export: both cases of every non-empty proxy key. */
  env: Record<string, string>;
}

/** Splits `KEY="value"` lines; comments, blank lines and lines without `=` are skipped, quotes stripped. */
export function parseShellAssignments(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line
      .slice(0, eq)
      .trim()
      .replace(/^export\s+/, '');
    let value = line.slice(eq + 1).trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) value = value.slice(1, -1);
    out.set(key.toLowerCase(), value);
  }
  return out;
}

/** Proxy settings from the text of sysconfig/proxy; disabled unless PROXY_ENABLED is yes. */
export function parseProxyFile(text: string): ProxySettings {
  const vars = parseShellAssignments(text);
  const enabled = (vars.get('proxy_enabled') ?? '').toLowerCase() === 'yes';
  const env: Record<string, string> = {};
  if (enabled) {
    for (const key of PROXY_KEYS) {
      const value = vars.get(key);
      if (!value) continue;
      env[key] = value;
      env[key.toUpperCase()] = value;
    }
  }
  return { enabled, env };
}

/**
 * The proxy credentials of root's ~/.curlrc (`--proxy-user "user:password"`, as YaST writes them; also
 * `proxy-user = ...` and `-U ...`): libzypp and SUSEConnect take them from there, over any in the proxy URL.
 */
export function curlrcProxyUser(text: string): string | undefined {
  let found: string | undefined;
  for (const raw of text.split('\n')) {
    const m = /^\s*(?:--proxy-user|proxy-user|-U)(?:\s*[=:]\s*|\s+)(.*?)\s*$/.exec(raw);
    if (!m?.[1]) continue;
    let value = m[1];
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    if (value) found = value;
  }
  return found;
}
