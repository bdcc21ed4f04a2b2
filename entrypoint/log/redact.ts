// Keeps secrets (registration codes, passwords in URLs, credentials) out of logs and reports.

const SECRET_OPTIONS = new Set(['--regcode', '--password', '--token']);

// A quoted value masked whole (a password may hold spaces, `/` or `@`): "...", '...', and the JSON-escaped \"...\".
const QUOTED = `'[^'\\n]*'|\\\\"(?:[^"\\\\]|\\\\[^"])*\\\\"|"[^"\\\\\n]*"`;
const UNQUOTED = `[^\\s"',;&\\\\]+`;
// key=value secrets, also prefixed keys (proxy_password=, proxy-password:).
const KEY_VALUE_SECRET = new RegExp(
  `\\b((?:[a-z0-9_-]*?)(?:password|passwd|regcode|token|secret)\\s*[=:]\\s*)(?:${QUOTED}|${UNQUOTED})`,
  'gi',
);
// Network secrets in wicked ifcfg files, NetworkManager keyfiles and wicked's XML (wicked2nm output):
// WIRELESS_WPA_PSK='x', psk=x, wep-key0=x, <passphrase>x</passphrase>. A key may follow an escaped \n in a JSON line.
const NETWORK_KEY_SECRET = new RegExp(
  `(?:(?<=\\\\[nrt])|\\b)((?:WIRELESS_[A-Z0-9_]*(?:PSK|PASSWORD|KEY(?:_?[0-9])?)|psk|wep-key[0-9]|leap-password|private-key-password)\\s*=\\s*)(?:${QUOTED}|${UNQUOTED})`,
  'g',
);
const XML_SECRET = /(<(?:passphrase|psk|password|key)>)[^<]+(<\/)/gi;
// `user:password@host` without a scheme, e.g. a proxy (`HTTPS_PROXY="bob:s3cret@proxy:3128"`, valid in sysconfig/proxy).
const BARE_CREDENTIALS = /(\b[\w.%-]+:)[^\s:@/"'\\]+@(?=[\w-]+(?:\.[\w-]+)*(?::\d+)?(?:[\s/"'\\,;]|$))/g;
// URLs: a quoted one is taken whole (its password may hold a space), an unquoted one up to white space or a quote.
const QUOTED_URL = /(["'])([a-z][a-z0-9+.-]*:\/\/[^"'\n]*)\1/gi;
const URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>\\]+/gi;

// `--regcode X` / `--password=X` written out in free text, and SUSEConnect's short `-r X`.
// A `<PLACEHOLDER>` in a hint ("SUSEConnect -r <REGISTRATION_CODE>") is no secret and stays.
const OPTION_SECRET = /(--(?:regcode|password|token)(?:\s+|=))(?!<[\w ]+>)[^\s"',;&\\]+/gi;
const SUSECONNECT_REGCODE = /(\bSUSEConnect\b[^\n"]*?\s-r\s+)(?!<[\w ]+>)[^\s"',;&\\]+/g;

export const REDACTED = '***';

/**
 * One URL with its secrets masked: the password of its userinfo (up to the last `@` before the host, so a
 * password with a raw `@` or `/` is masked whole) and its whole query string (SCC and CDN repository URLs
 * carry their access tokens there: `?exp=...~acl=...~hmac=...`, `.../update?TOKEN`).
 */
export function redactUrl(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0];
  if (!scheme) return url;
  let rest = url.slice(scheme.length);
  const at = rest.lastIndexOf('@');
  const colon = rest.indexOf(':');
  if (at > 0 && colon > 0 && colon < at && !rest.slice(0, colon).includes('/'))
    rest = `${rest.slice(0, colon + 1)}${REDACTED}${rest.slice(at)}`;
  const query = rest.indexOf('?');
  if (query >= 0 && query < rest.length - 1) rest = `${rest.slice(0, query + 1)}${REDACTED}`;
  return scheme + rest;
}

/** Masks credentials inside one free-text string. */
export function redactText(text: string): string {
  return (
    text
      .replace(QUOTED_URL, (_, quote: string, url: string) => `${quote}${redactUrl(url)}${quote}`)
      .replace(URL, (url) => redactUrl(url))
      .replace(BARE_CREDENTIALS, `$1${REDACTED}@`)
      // Network keys first: they mask quoted values whole.
      .replace(NETWORK_KEY_SECRET, `$1${REDACTED}`)
      .replace(XML_SECRET, `$1${REDACTED}$2`)
      .replace(KEY_VALUE_SECRET, `$1${REDACTED}`)
      .replace(OPTION_SECRET, `$1${REDACTED}`)
      .replace(SUSECONNECT_REGCODE, `$1${REDACTED}`)
  );
}

/** Every string inside a JSON-like value masked (objects and arrays walked): JSON stays JSON whatever a value holds. */
export function redactValue<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactValue(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v)])) as T;
  }
  return value;
}

/** A JSON document (or JSON line) with every string value masked; text that is not JSON is masked as text. */
export function redactJson(text: string): string {
  try {
    return JSON.stringify(redactValue(JSON.parse(text)));
  } catch {
    return redactText(text);
  }
}

/** Masks the values of secret options (`--regcode X`, `--regcode=X`) and credentials in URLs. */
export function redactArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  let maskNext = false;
  for (const arg of argv) {
    if (maskNext) {
      out.push(REDACTED);
      maskNext = false;
      continue;
    }
    const eq = arg.indexOf('=');
    if (arg.startsWith('-') && eq > 0 && SECRET_OPTIONS.has(arg.slice(0, eq))) {
      out.push(`${arg.slice(0, eq)}=${REDACTED}`);
      continue;
    }
    if (SECRET_OPTIONS.has(arg)) maskNext = true;
    out.push(redactText(arg));
  }
  return out;
}
