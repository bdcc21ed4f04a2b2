// Text of SUSE product files: /etc/os-release and /etc/products.d/*.prod.

export interface ProductInfo {
  /** Product name as in the .prod file, e.g. "SLES" or "sle-module-basesystem". */
  name: string;
  /** e.g. "15.7" or "12" */
  version: string;
  baseversion: string;
  patchlevel: string;
  summary: string;
  target: string;
  arch: string;
  cpeid?: string;
  flavor?: string;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function prodXml(p: ProductInfo): string {
  const flavor = p.flavor === undefined ? '' : `\n    <flavor>${esc(p.flavor)}</flavor>`;
  const cpe = p.cpeid === undefined ? '' : `\n  <cpeid>${esc(p.cpeid)}</cpeid>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<product schemeversion="0">
  <vendor>SUSE</vendor>
  <name>${esc(p.name)}</name>
  <version>${esc(p.version)}</version>
  <baseversion>${esc(p.baseversion)}</baseversion>
  <patchlevel>${esc(p.patchlevel)}</patchlevel>
  <release>0</release>
  <arch>${esc(p.arch)}</arch>${cpe}
  <summary>${esc(p.summary)}</summary>
  <register>
    <target>${esc(p.target)}</target>${flavor}
    <updates>
      <repository repoid="obsrepository://example/update"/>
    </updates>
  </register>
</product>
`;
}

/** /etc/os-release of SLES <major> SP<sp> (SLE 16 and later: SLES <major>.<minor>). */
export function osRelease(major: number, sp: number): string {
  const sp16 = major >= 16;
  return `NAME="SLES"
VERSION="${sp16 ? `${major}.${sp}` : `${major}-SP${sp}`}"
VERSION_ID="${major}.${sp}"
PRETTY_NAME="SUSE Linux Enterprise Server ${sp16 ? `${major}.${sp}` : `${major} SP${sp}`}"
ID="sles"
ID_LIKE="suse"
ANSI_COLOR="0;32"
CPE_NAME="${sp16 ? `cpe:/o:suse:sles:${major}:${major}.${sp}` : `cpe:/o:suse:sles:${major}:sp${sp}`}"
DOCUMENTATION_URL="https://documentation.suse.com/"
`;
}

/** RPM Provides a SUSE *-release package carries for its product (values URL-encoded; rpm 4.18 rejects a second '-'). */
export function productProvides(p: ProductInfo): string[] {
  const enc = (s: string) => encodeURIComponent(s).replace(/-/g, '%2D');
  const out = [
    'product()',
    `product(${p.name}) = ${p.version}-0`,
    `product-register-target() = ${enc(p.target)}`,
    `product-label() = ${enc(p.summary)}`,
  ];
  if (p.cpeid !== undefined) out.push(`product-cpeid() = ${enc(p.cpeid)}`);
  if (p.flavor !== undefined) out.push(`product-register-flavor() = ${enc(p.flavor)}`);
  return out;
}
