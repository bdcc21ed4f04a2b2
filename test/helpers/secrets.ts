// One redaction corpus: a host root seeded with secrets in every form the program may meet, and the
// secret strings that must never reach an output (logs, reports, stdout, stderr, bundles, process arguments).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Each secret appears in the root in one of the forms below; none may appear in any output. */
export const SECRETS = {
  /** SCC/CDN repository access token in a query string. */
  cdnHmac: 'hmac=9f3b6c0d2e1a47c58b90fe12d34a5b6c',
  cdnToken: 'Z2VoZWltZXMtY2RuLXRva2VuLTEyMzQ1',
  /** Userinfo of a repository URL (RMT with basic auth). */
  repoPassword: 'rep0-Pa55word',
  /** A proxy password with a space, a slash and an at sign, in a quoted sysconfig value. */
  proxyPassword: 'p@ss/w rd',
  /** A plain key=value proxy password. */
  proxyKeyPassword: 'hunter2-proxy',
  /** A Wi-Fi key in a wicked ifcfg file and in a NetworkManager keyfile. */
  wpaPsk: 'wifi secret phrase',
  nmPsk: 'nmPsk-9876',
  /** A registration code in the host's configuration drop-in comment and a SUSEConnect call. */
  regcode: 'REGCODE-0F1E-2D3C',
} as const;

export const SECRET_VALUES: readonly string[] = Object.values(SECRETS);

/** Writes the corpus into a host root (repositories, proxy, network configuration, a file with a NUL byte). */
export async function seedSecrets(root: string): Promise<void> {
  const put = async (hostPath: string, content: string | Buffer) => {
    await mkdir(path.dirname(path.join(root, hostPath)), { recursive: true });
    await writeFile(path.join(root, hostPath), content);
  };
  await put(
    '/etc/zypp/repos.d/SLE-Product-SLES15-SP7-Pool.repo',
    `[SLE-Product-SLES15-SP7-Pool]\nname=SLES15-SP7-Pool\nenabled=1\nautorefresh=1\nbaseurl=https://updates.suse.com/SUSE/Products/SLE-Product-SLES/15-SP7/x86_64/product?exp=1765000000~acl=/SUSE/Products/*~${SECRETS.cdnHmac}\ntype=rpm-md\n`,
  );
  await put(
    '/etc/zypp/repos.d/SLES12-SP5-Updates.repo',
    `[SLES12-SP5-Updates]\nenabled=1\nbaseurl=https://updates.suse.com/SUSE/Updates/SLE-SERVER/12-SP5/x86_64/update?${SECRETS.cdnToken}\n`,
  );
  await put(
    '/etc/zypp/repos.d/rmt.repo',
    `[rmt-extra]\nenabled=1\nbaseurl=https://admin:${SECRETS.repoPassword}@rmt.example.com/repo/extra/\n`,
  );
  // A NUL byte makes the file look binary: it must be masked all the same.
  await put(
    '/etc/zypp/repos.d/broken.repo',
    Buffer.concat([Buffer.from('[broken]\n\0'), Buffer.from(`baseurl=https://admin:${SECRETS.repoPassword}@rmt.example.com/broken/\n`)]),
  );
  await put(
    '/etc/sysconfig/proxy',
    `PROXY_ENABLED="yes"\nHTTP_PROXY="http://bob:${SECRETS.proxyPassword}@proxy.example.com:3128"\nproxy_password=${SECRETS.proxyKeyPassword}\nNO_PROXY="localhost"\n`,
  );
  await put('/etc/sysconfig/network/ifcfg-wlan0', `BOOTPROTO='dhcp'\nWIRELESS_WPA_PSK='${SECRETS.wpaPsk}'\n`);
  await put('/etc/NetworkManager/system-connections/wlan0.nmconnection', `[wifi-security]\nkey-mgmt=wpa-psk\npsk=${SECRETS.nmPsk}\n`);
  await put('/etc/SUSEConnect', `---\nurl: https://scc.suse.com\n# registered with: SUSEConnect -r ${SECRETS.regcode}\n`);
}

/** The secrets found in a text, or a piece of one (4 characters or more between spaces): empty when none leaked. */
export function leakedSecrets(text: string): string[] {
  const pieces = SECRET_VALUES.flatMap((secret) => [secret, ...secret.split(' ').filter((piece) => piece.length >= 4)]);
  return [...new Set(pieces)].filter((piece) => text.includes(piece));
}
