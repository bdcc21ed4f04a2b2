// Keeps secrets (registration codes, passwords in URLs, credentials) out of logs and reports.

const SECRET_OPTIONS = new Set(['--regcode', '--password', '--token']);
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"']+:)[^\s@/"']+@/gi;
// Values stop at quotes and separators, so masking inside a JSON line keeps it valid JSON.
// Also prefixed keys (proxy_password=, proxy-password:) and quoted values, JSON-escaped ones too.
const KEY_VALUE_SECRET = /\b((?:[a-z0-9_-]*?)(?:password|passwd|regcode|token|secret)\s*[=:]\s*\\?["']?)[^\s"',;&\\]+/gi;
// `user:password@host` without a scheme, e.g. a proxy (`HTTPS_PROXY="bob:s3cret@proxy:3128"`, valid in sysconfig/proxy).
const BARE_CREDENTIALS = /(\b[\w.%-]+:)[^\s:@/"'\\]+@(?=[\w-]+(?:\.[\w-]+)*(?::\d+)?(?:[\s/"'\\,;]|$))/g;
// Network secrets in wicked ifcfg files, NetworkManager keyfiles and wicked's XML (wicked2nm output):
// WIRELESS_WPA_PSK='x', psk=x, wep-key0=x, <passphrase>x</passphrase>. Quoted values are masked
// whole, also as they appear inside a JSON line (\"value\"), and a key may follow an escaped \n there.
const NETWORK_KEY_SECRET =
  /(?:(?<=\\[nrt])|\b)((?:WIRELESS_[A-Z0-9_]*(?:PSK|PASSWORD|KEY(?:_?[0-9])?)|psk|wep-key[0-9]|leap-password|private-key-password)\s*=\s*)(?:'[^'\\]*'|\\"(?:[^"\\]|\\[^"])*\\"|"[^"\\]*"|[^\s"',;&\\]+)/g;
const XML_SECRET = /(<(?:passphrase|psk|password|key)>)[^<]+(<\/)/gi;

// `--regcode X` / `--password=X` written out in free text, and SUSEConnect's short `-r X`.
// A `<PLACEHOLDER>` in a hint ("SUSEConnect -r <REGISTRATION_CODE>") is no secret and stays.
const OPTION_SECRET = /(--(?:regcode|password|token)(?:\s+|=))(?!<[\w ]+>)[^\s"',;&\\]+/gi;
const SUSECONNECT_REGCODE = /(\bSUSEConnect\b[^\n"]*?\s-r\s+)(?!<[\w ]+>)[^\s"',;&\\]+/g;

export const REDACTED = '***';

/** Masks credentials inside one free-text string. */
export function redactText(text: string): string {
  return (
    text
      .replace(URL_CREDENTIALS, `$1${REDACTED}@`)
      .replace(BARE_CREDENTIALS, `$1${REDACTED}@`)
      // Network keys first: they mask quoted values whole.
      .replace(NETWORK_KEY_SECRET, `$1${REDACTED}`)
      .replace(XML_SECRET, `$1${REDACTED}$2`)
      .replace(KEY_VALUE_SECRET, `$1${REDACTED}`)
      .replace(OPTION_SECRET, `$1${REDACTED}`)
      .replace(SUSECONNECT_REGCODE, `$1${REDACTED}`)
  );
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
