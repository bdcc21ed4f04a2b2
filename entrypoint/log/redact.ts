// Keeps secrets (registration codes, passwords in URLs, credentials) out of logs and reports.

const SECRET_OPTIONS = new Set(['--regcode', '--password', '--token']);
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"']+:)[^\s@/"']+@/gi;
// Values stop at quotes and separators, so masking inside a JSON line keeps it valid JSON; a key may
// follow an escaped line break (\n) there.
const KEY_VALUE_SECRET = /(?:(?<=\\[nrt])|\b)((?:password|passwd|regcode|token|secret)\s*[=:]\s*)[^\s"',;&\\]+/gi;

// Network secrets in wicked ifcfg files, NetworkManager keyfiles and wicked's XML (wicked2nm output):
// WIRELESS_WPA_PSK='x', psk=x, wep-key0=x, <passphrase>x</passphrase>.
// Quoted values are masked whole, also as they appear inside a JSON line (\"value\").
const NETWORK_KEY_SECRET = /(?:(?<=\\[nrt])|\b)((?:WIRELESS_[A-Z0-9_]*(?:PSK|PASSWORD|KEY(?:_?[0-9])?)|psk|wep-key[0-9]|leap-password|private-key-password)\s*=\s*)(?:'[^'\\]*'|\\"(?:[^"\\]|\\[^"])*\\"|"[^"\\]*"|[^\s"',;&\\]+)/g;
const XML_SECRET = /(<(?:passphrase|psk|password|key)>)[^<]+(<\/)/gi;

// `--regcode X` / `--password=X` written out in free text, and SUSEConnect's short `-r X`.
const OPTION_SECRET = /(--(?:regcode|password|token)(?:\s+|=))[^\s"',;&\\]+/gi;
const SUSECONNECT_REGCODE = /(\bSUSEConnect\b[^\n"]*?\s-r\s+)[^\s"',;&\\]+/g;

export const REDACTED = '***';

/** Masks credentials inside one free-text string. */
export function redactText(text: string): string {
  return text
    .replace(URL_CREDENTIALS, `$1${REDACTED}@`)
    .replace(KEY_VALUE_SECRET, `$1${REDACTED}`)
    .replace(NETWORK_KEY_SECRET, `$1${REDACTED}`)
    .replace(XML_SECRET, `$1${REDACTED}$2`)
    .replace(OPTION_SECRET, `$1${REDACTED}`)
    .replace(SUSECONNECT_REGCODE, `$1${REDACTED}`);
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
