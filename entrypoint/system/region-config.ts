// /etc/regionserverclnt.cfg of public-cloud hosts (SPEC 5.2, 7.1): certificate directory and the Azure --device fix.

/** Where the region server certificates are when the config names no `certlocation`. */
export const DEFAULT_CERT_DIR = '/usr/lib/regionService/certs';

/** INI sections -> keys (lower-cased) -> values, as Python's configparser reads it (`=` or `:`). */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = new Map();
      sections.set(header[1]!.trim(), current);
      continue;
    }
    const sep = line.search(/[=:]/);
    if (sep <= 0 || !current) continue;
    current.set(line.slice(0, sep).trim().toLowerCase(), line.slice(sep + 1).trim());
  }
  return sections;
}

/** `[server] certlocation` (key case-insensitive), else the default directory. */
export function certDirOf(text: string): string {
  return parseIni(text).get('server')?.get('certlocation') || DEFAULT_CERT_DIR;
}

/** `[instance] dataProvider`, or undefined when the config has none. */
export function dataProviderOf(text: string): string | undefined {
  return parseIni(text).get('instance')?.get('dataprovider');
}

/** True when the data provider is Azure's metadata tool without an explicit --device. */
export function needsAzureDevice(text: string): boolean {
  const provider = dataProviderOf(text);
  return provider?.includes('azuremetadata') === true && !provider.includes('--device');
}

/**
 * The config with `--device <device>` appended to the `dataProvider` line of `[instance]`.
 * Only that line changes: comments, order and key case stay (the original rewrote the whole file).
 */
export function withAzureDevice(text: string, device: string): string {
  let section = '';
  return text
    .split('\n')
    .map((line) => {
      const header = /^\s*\[(.+)\]\s*$/.exec(line);
      if (header) section = header[1]!.trim();
      const entry = /^(\s*dataprovider\s*[=:]\s*)(.*?)(\s*)$/i.exec(line);
      if (section !== 'instance' || !entry || !entry[2]!.includes('azuremetadata') || entry[2]!.includes('--device')) return line;
      return `${entry[1]}${entry[2]} --device ${device}${entry[3]}`;
    })
    .join('\n');
}
