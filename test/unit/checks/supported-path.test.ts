// supported-path: synthetic host roots (os-release and products.d) against the table of SUSE's upgrade paths, and the waiver.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHECK_IDS } from '../../../entrypoint/checks/registry.js';
import { supportedPath } from '../../../entrypoint/checks/supported-path.js';
import type { Finding } from '../../../entrypoint/checks/types.js';
import type { MigrationConfig } from '../../../entrypoint/config/schema.js';
import { describeSupportedPaths, releaseLabel, SUPPORTED_PATHS, SUPPORTED_PRODUCTS } from '../../../entrypoint/facts/supported-paths.js';
import { capture, cliPaths } from '../../helpers/cli.js';
import { addFiles, makeRoot, type RootFiles, removeRoot, rootCheckContext } from '../../helpers/check-root.js';

/** A product file as SUSE ships it: a base product has a <register> without <flavor>. */
function prod(name: string, version: string, flavor = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<product schemeversion="0"><vendor>SUSE</vendor><name>${name}</name><version>${version}</version><arch>x86_64</arch>
<register>${flavor ? `<flavor>${flavor}</flavor>` : ''}<target>sle-${version.split('.')[0]}-x86_64</target></register></product>
`;
}

const OS_ID: Record<string, string> = { SLES: 'sles', SLES_SAP: 'sles_sap', SLED: 'sled', SLE_HPC: 'sle_hpc' };

/** A host of `product` at `version`: its os-release and its base product (and any further product files). */
function host(product: string, version: string, extra: RootFiles = {}): RootFiles {
  return {
    '/etc/os-release': `NAME="${product}"\nVERSION_ID="${version}"\nID="${OS_ID[product] ?? product.toLowerCase()}"\n`,
    [`/etc/products.d/${product}.prod`]: prod(product, version),
    ...extra,
  };
}

interface Case {
  files: RootFiles;
  /** The image's release (dup mode's target; plugin mode's detected product version). */
  image: string;
  mode?: 'dup' | 'plugin';
  config?: Partial<MigrationConfig>;
}

async function judge(c: Case): Promise<Finding> {
  const root = await makeRoot(c.files);
  try {
    const ctx = await rootCheckContext(root, {
      mode: c.mode ?? 'dup',
      targetVersionId: c.image,
      ...(c.config ? { config: c.config } : {}),
    });
    return await supportedPath.run(ctx);
  } finally {
    await removeRoot(root);
  }
}

test('the table: SLES and SLES_SAP, 12 SP5 to 15 GA..SP7, 15 SP7 to 16.0', () => {
  assert.equal(SUPPORTED_PRODUCTS, ['SLES', 'SLES_SAP']);
  assert.equal(SUPPORTED_PATHS, [
    { from: '12.5', to: ['15.0', '15.1', '15.2', '15.3', '15.4', '15.5', '15.6', '15.7'] },
    { from: '15.7', to: ['16.0'] },
  ]);
  assert.is(describeSupportedPaths(), 'SLES, SLES_SAP: 12 SP5 -> 15 GA to 15 SP7; 15 SP7 -> 16.0 (the product stays)');
  assert.equal(['12.5', '15', '15.0', '15.7', '16.0', '16.1'].map(releaseLabel), ['12 SP5', '15 GA', '15 GA', '15 SP7', '16.0', '16.1']);
});

test('allowed: SLES and SLES_SAP 12 SP5 -> 15 SP x, 15 SP7 -> 16.0, in dup and plugin mode', async () => {
  const allowed: Array<[Case, string]> = [
    [{ files: host('SLES', '12.5'), image: '15.7' }, 'SLES 12 SP5 -> SLES 15 SP7'],
    [{ files: host('SLES', '12.5'), image: '15.0' }, 'SLES 12 SP5 -> SLES 15 GA'],
    [{ files: host('SLES', '12.5'), image: '15.3' }, 'SLES 12 SP5 -> SLES 15 SP3'],
    [{ files: host('SLES_SAP', '12.5'), image: '15.7' }, 'SLES_SAP 12 SP5 -> SLES_SAP 15 SP7'],
    [{ files: host('SLES', '15.7'), image: '16.0' }, 'SLES 15 SP7 -> SLES 16.0'],
    [{ files: host('SLES_SAP', '15.7'), image: '16.0' }, 'SLES_SAP 15 SP7 -> SLES_SAP 16.0'],
    // Plugin mode: the detected product (base product name, image release) and a configured one.
    [{ files: host('SLES', '12.5'), image: '15.7', mode: 'plugin' }, 'SLES 12 SP5 -> SLES 15 SP7'],
    [
      { files: host('SLES_SAP', '15.7'), image: '16.0', mode: 'plugin', config: { migration_product: 'SLES_SAP/16.0/x86_64' } },
      'SLES_SAP 15 SP7 -> SLES_SAP 16.0',
    ],
    // A module does not change the host's release or product.
    [
      {
        files: host('SLES', '12.5', { '/etc/products.d/sle-module-web-scripting.prod': prod('sle-module-web-scripting', '12', 'module') }),
        image: '15.7',
      },
      'SLES 12 SP5 -> SLES 15 SP7',
    ],
  ];
  for (const [c, path] of allowed) {
    const finding = await judge(c);
    assert.ok(finding.ok, `${path}: ${finding.evidence.join(' | ')}`);
    assert.is(finding.evidence[0], `${path}: a path SUSE supports`);
  }
});

test('allowed: the host already at the target release (a continued run after the release package was upgraded)', async () => {
  const finding = await judge({ files: host('SLES', '15.7'), image: '15.7' });
  assert.ok(finding.ok);
  assert.match(finding.evidence[0]!, /^the host already has SLES 15 SP7: nothing to cross/);
});

test('refused: older than 15 SP7 to 16 (15 SP7 first), older than 12 SP5 to 15 (12 SP5 first)', async () => {
  const refused: Array<[Case, RegExp, RegExp]> = [
    [
      { files: host('SLES', '15.6'), image: '16.0' },
      /only from SLES 15 SP7, not from 15 SP6/,
      /bring the host to SLES 15 SP7 first with `zypper migration`/,
    ],
    [{ files: host('SLES', '15.0'), image: '16.0' }, /only from SLES 15 SP7, not from 15 GA/, /SLES 15 SP7 first/],
    [{ files: host('SLES_SAP', '15.5'), image: '16.0' }, /only from SLES_SAP 15 SP7/, /bring the host to SLES_SAP 15 SP7 first/],
    [
      { files: host('SLES', '12.5'), image: '16.0' },
      /only from SLES 15 SP7, not from 12 SP5/,
      /bring the host to SLES 15 SP7 first \(SUSE's documented upgrade/,
    ],
    [
      { files: host('SLES', '12.4'), image: '15.7' },
      /only from SLES 12 SP5, not from 12 SP4/,
      /bring the host to SLES 12 SP5 first with `zypper migration`/,
    ],
    [{ files: host('SLES', '12'), image: '15.7' }, /only from SLES 12 SP5, not from 12 GA/, /SLES 12 SP5 first/],
    [{ files: host('SLES', '11.4'), image: '15.7' }, /only from SLES 12 SP5, not from 11 SP4/, /SLES 12 SP5 first \(SUSE's documented/],
    [{ files: host('SLES_SAP', '12.3'), image: '15.7' }, /only from SLES_SAP 12 SP5/, /SLES_SAP 12 SP5 first/],
    // The plugin asking for 16.0 from a 12 SP5 host (configured product) is refused the same way.
    [
      { files: host('SLES', '12.5'), image: '15.7', mode: 'plugin', config: { migration_product: 'SLES/16.0/x86_64' } },
      /only from SLES 15 SP7, not from 12 SP5/,
      /SLES 15 SP7 first/,
    ],
  ];
  for (const [c, reason, advice] of refused) {
    const finding = await judge(c);
    assert.not.ok(finding.ok, reason.source);
    if (finding.ok) continue;
    assert.match(finding.evidence[0]!, reason);
    assert.match(finding.evidence[0]!, /: not a path SUSE supports$/);
    assert.is(finding.severity, undefined, 'an inhibitor (the check default)');
    assert.match(finding.remediation ?? '', advice);
    assert.match(finding.remediation ?? '', /waive it in \/etc\/sle-migration-service\.yml: waivers: \[\{id: supported-path/);
    assert.is(finding.evidence.at(-1), `supported: ${describeSupportedPaths()}`);
  }
});

test('refused: other products (SLED, SLE_HPC), a product change, service pack upgrades, downgrades, targets not in the table, the SLE 12 HPC module', async () => {
  const refused: Array<[Case, RegExp]> = [
    [{ files: host('SLED', '12.5'), image: '15.7' }, /^SLED is not a product this migration system upgrades \(only SLES and SLES_SAP\)/],
    [{ files: host('SLE_HPC', '15.7'), image: '16.0' }, /^SLE_HPC is not a product this migration system upgrades/],
    [
      { files: host('SLES', '12.5'), image: '15.7', mode: 'plugin', config: { migration_product: 'SLES_SAP/15.7/x86_64' } },
      /^the product would change from SLES to SLES_SAP/,
    ],
    [{ files: host('SLES', '15.3'), image: '15.7' }, /^SLES 15 SP3 -> SLES 15 SP7 is a service pack upgrade/],
    [{ files: host('SLES', '16.0'), image: '15.7' }, /^SLES 15 SP7 is older than the host's SLES 16\.0: a downgrade/],
    [{ files: host('SLES', '15.7'), image: '16.1' }, /^SUSE supports no migration to SLES 16\.1 with this migration system/],
    [{ files: host('SLES', '12.5'), image: '15.8' }, /^SUSE supports no migration to SLES 15 SP8/],
    [
      { files: host('SLES', '12.5', { '/etc/products.d/sle-module-hpc.prod': prod('sle-module-hpc', '12', 'module') }), image: '15.7' },
      /^sle-module-hpc is installed: SLE 12's HPC module has no migration path to SLE 15/,
    ],
  ];
  for (const [c, reason] of refused) {
    const finding = await judge(c);
    assert.not.ok(finding.ok, reason.source);
    assert.match(finding.evidence[0]!, reason);
  }
});

test('the source comes from the base product, else from /etc/os-release; the evidence names both sides and where they came from', async () => {
  const fromProduct = await judge({ files: host('SLES', '12.5'), image: '15.7' });
  assert.equal(fromProduct.evidence.slice(1), [
    'host: SLES 12 SP5, from the base product in /etc/products.d',
    "target: SLES 15 SP7, from the image's release (dup mode keeps the product)",
  ]);
  // No products.d: os-release's ID and VERSION_ID.
  const fromOsRelease = await judge({ files: { '/etc/os-release': 'NAME="SLES_SAP"\nVERSION_ID="12.5"\nID="sles_sap"\n' }, image: '15.7' });
  assert.ok(fromOsRelease.ok, fromOsRelease.evidence.join(' | '));
  assert.is(fromOsRelease.evidence[1], 'host: SLES_SAP 12 SP5, from /etc/os-release (no readable base product)');
  // The base product decides when the two disagree (it is what the upgrade goes by).
  const both = await judge({
    files: { ...host('SLES', '15.7'), '/etc/os-release': 'NAME="SLES"\nVERSION_ID="15.6"\nID="sles"\n' },
    image: '16.0',
  });
  assert.ok(both.ok);
  const plugin = await judge({
    files: host('SLES', '12.5'),
    image: '15.7',
    mode: 'plugin',
    config: { migration_product: 'SLES/15.7/x86_64' },
  });
  assert.is(plugin.evidence[2], 'target: SLES 15 SP7, from the product zypper migration asks for (configured)');
});

test('an unknown host release or target is a warning, not an inhibitor: the checks that own those facts say what is missing', async () => {
  const noHost = await judge({ files: {}, image: '15.7' });
  assert.not.ok(noHost.ok);
  if (!noHost.ok) {
    assert.is(noHost.severity, 'warning');
    assert.match(
      noHost.evidence[0]!,
      /^the host's release is unknown \(neither a base product nor \/etc\/os-release\): the path cannot be checked$/,
    );
  }
  // Plugin mode without a resolvable product (the base product names no arch): the target is unknown.
  const noTarget = await judge({
    files: { '/etc/products.d/SLES.prod': prod('SLES', '12.5').replace('<arch>x86_64</arch>', '') },
    image: '15.7',
    mode: 'plugin',
  });
  assert.not.ok(noTarget.ok);
  if (!noTarget.ok) {
    assert.is(noTarget.severity, 'warning');
    assert.match(noTarget.evidence[0]!, /^the target is unknown \(Migration product not found/);
  }
});

test('dms check: a refused path inhibits (exit 1); a waiver with id supported-path lets the adventurous go on (exit 0, reported as waived)', async () => {
  assert.ok(CHECK_IDS.includes('supported-path'), 'registered, so a waiver for it is not an unknown id');
  const p = await cliPaths();
  try {
    await writeFile(p.imageOsRelease, 'NAME="SLES"\nVERSION_ID="15.7"\nID="sles"\n');
    await addFiles(p.systemRoot, host('SLES', '12.4'));
    const refused = await capture(['check', '--use-zypper-dup'], p);
    assert.is(refused.code, 1, refused.out + refused.err);
    assert.match(refused.out, /\[STOP\] supported-path/);
    type Report = { result: string; checks: Array<{ id: string; status: string; evidence: string[]; waiver?: { reason: string } }> };
    const reportFile = path.join(p.systemRoot, 'var/log/distro_migration.report.json');
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as Report;
    const finding = report.checks.find((c) => c.id === 'supported-path');
    assert.is(finding?.status, 'failed');
    assert.match(finding?.evidence[0] ?? '', /only from SLES 12 SP5, not from 12 SP4/);

    // The host has no repositories (repos-remote inhibits in dup mode): waived too, as in the other check tests.
    await writeFile(
      path.join(p.systemRoot, 'etc/sle-migration-service.yml'),
      'waivers:\n  - {id: supported-path, reason: "lab host, SP4 tested by us"}\n  - {id: repos-remote, reason: no repositories on purpose}\n' +
        '  - {id: rpm-database, reason: a bare test root}\n',
    );
    const waived = await capture(['check', '--use-zypper-dup'], p);
    assert.is(waived.code, 0, waived.out + waived.err);
    const again = JSON.parse(await readFile(reportFile, 'utf8')) as Report;
    assert.is(again.result, 'ready');
    const waivedFinding = again.checks.find((c) => c.id === 'supported-path');
    assert.is(waivedFinding?.status, 'waived');
    assert.is(waivedFinding?.waiver?.reason, 'lab host, SP4 tested by us');
    assert.match(waivedFinding?.evidence[0] ?? '', /not a path SUSE supports/, 'the evidence stays');
  } finally {
    await rm(path.dirname(p.systemRoot), { recursive: true, force: true });
  }
});

test.run();
