// Image tests of prepare on a public-cloud (Azure PAYG) host (SPEC 5.2, 7.1): region server config,
// cloud-register cache, region certificates, trust anchors; stand-ins for updatesmtcache, the plugin and SCC.
import { mkdir, mkdtemp, readFile, symlink, writeFile, appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import * as assert from 'uvu/assert';
import { diskFromLsblk, mountSource } from '../../entrypoint/system/block-device.js';
import { mountsUnder, readText, rpmPackages } from '../helpers/host-root.js';
import { migrateWithStandins as migrate, pluginSuite } from '../helpers/plugin-bed.js';
import { failedRunLog } from '../helpers/run-image.js';
import { readMigrationRecord } from '../standins/index.js';

const REGION_CFG = `# Region server client configuration (Azure)
[server]
api = regionInfo
certLocation = /var/lib/regionService/certs
regionsrv = 52.149.120.86,20.191.44.16

[instance]
dataProvider = /usr/bin/azuremetadata --api latest --subscriptionId --billingTag --attestedData --signature --xml
instanceArgs = none
`;

const test = pluginSuite('prepare: public cloud host (stand-ins: updatesmtcache, zypper migration plugin, SCC)');

async function makeCloudHost(root: string): Promise<void> {
  const at = (p: string) => path.join(root, p);
  await appendFile(at('etc/hosts'), '52.149.120.86\tsmt-azure.susecloud.net smt-azure\n');
  await writeFile(at('etc/regionserverclnt.cfg'), REGION_CFG);
  await mkdir(at('var/lib/regionService/certs'), { recursive: true });
  await writeFile(at('var/lib/regionService/certs/smt-azure.pem'), '-----BEGIN CERTIFICATE-----\nstand-in\n-----END CERTIFICATE-----\n');
  // A client older than 10.0.4 keeps its cache in /var/lib/cloudregister.
  await mkdir(at('var/lib/cloudregister'), { recursive: true });
  await writeFile(at('var/lib/cloudregister/currentSMTInfo.obj'), 'smt');
  await writeFile(at('var/lib/cloudregister/availableSMTInfo_1.obj'), 'smt');
  // A trust anchor that is an absolute symlink: it must be followed inside the host root.
  await mkdir(at('etc/pki/trust/anchors'), { recursive: true });
  await mkdir(at('usr/share/dms-test'), { recursive: true });
  await writeFile(at('usr/share/dms-test/private-ca.pem'), '-----BEGIN CERTIFICATE-----\nprivate CA\n-----END CERTIFICATE-----\n');
  await symlink('/usr/share/dms-test/private-ca.pem', at('etc/pki/trust/anchors/private-ca.pem'));
}

/** The disk holding `dir` on this machine, as the container will find it (findmnt, lsblk), if any. */
async function diskOf(dir: string): Promise<string | undefined> {
  const found = await execa('findmnt', ['--first', '--noheadings', '--output', 'SOURCE', '--target', dir], { reject: false });
  const source = mountSource(found.stdout);
  if (!source) return undefined;
  const tree = await execa('lsblk', ['-p', '-n', '-r', '-s', '-o', 'NAME,TYPE', source], { reject: false });
  return diskFromLsblk(tree.stdout);
}

test('a registered Azure instance: config with --device in the container only, cache and certificates bound, updatesmtcache run (stand-ins)', async ({
  bed,
}) => {
  const root = await bed!.registeredRoot();
  await makeCloudHost(root);
  // /dev/disk/by-id as udev would have it, pointing at the disk of the root (when the machine has one).
  const byId = bed!.track(await mkdtemp(path.join(os.tmpdir(), 'dms-by-id-')));
  const disk = await diskOf(root);
  if (disk) await symlink(disk, path.join(byId, 'scsi-dms-standin-disk'));

  const { exitCode, output } = await migrate(root, ['run'], { extraBinds: [{ source: byId, target: '/dev/disk/by-id' }] });
  assert.is(exitCode, 0, output);
  assert.ok((await rpmPackages(root)).get('sles-release')?.startsWith('15.7'));

  // The host's file is never rewritten; the container's copy got the device (Azure fix).
  assert.is(await readText(root, '/etc/regionserverclnt.cfg'), REGION_CFG);
  const smt = JSON.parse(await readFile(path.join(root, 'var/log/updatesmtcache-standin.json'), 'utf8')) as {
    regionConfig: string;
    certDir: string;
    certs: string[] | null;
    cloudCache: string[] | null;
  };
  assert.is(smt.certDir, '/var/lib/regionService/certs');
  assert.equal(smt.certs, ['smt-azure.pem'], 'the host certificate directory is bound at certlocation');
  assert.equal(
    smt.cloudCache,
    ['availableSMTInfo_1.obj', 'currentSMTInfo.obj'],
    'the old-location cache is bound at /var/cache/cloudregister',
  );
  assert.match(smt.regionConfig, /^# Region server client configuration \(Azure\)$/m, 'comments are kept');
  const log = await readText(root, '/var/log/distro_migration.log');
  if (disk) {
    assert.match(
      smt.regionConfig,
      /^dataProvider = \/usr\/bin\/azuremetadata --api latest .* --xml --device \/dev\/disk\/by-id\/scsi-dms-standin-disk$/m,
    );
    assert.match(log, /Azure: dataProvider gets --device \/dev\/disk\/by-id\/scsi-dms-standin-disk \(in the container's copy/);
  } else {
    assert.is(smt.regionConfig, REGION_CFG);
    assert.match(log, /Azure: no \/dev\/disk\/by-id name found/);
  }

  const record = await readMigrationRecord(path.join(root, 'var/log'));
  assert.ok(record.seen.hostsHasSusecloud, 'the host /etc/hosts is in the container');
  assert.ok(record.seen.trustAnchors?.includes('private-ca.pem'), `trust anchors: ${record.seen.trustAnchors}`);
  assert.equal(record.seen.cloudCache, ['availableSMTInfo_1.obj', 'currentSMTInfo.obj']);

  assert.match(log, /cloud-register cache: \/var\/lib\/cloudregister/);
  assert.match(log, /Calling: mount --bind \/system-root\/var\/lib\/cloudregister \/var\/cache\/cloudregister/);
  assert.match(log, /Calling: mount --bind \/system-root\/var\/lib\/regionService\/certs \/var\/lib\/regionService\/certs/);
  assert.match(log, /Calling: \/usr\/sbin\/updatesmtcache/);
  assert.match(log, /imported 1 trust anchor\(s\) from the host's \/etc\/pki\/trust\/anchors/);
  assert.match(log, /Calling: update-ca-certificates/);
  assert.match(log, /released 4 mount\(s\); none left/);
  assert.equal(await mountsUnder(root), []);
});

test('a host whose /etc/hosts names susecloud.net but has no cloud-register cache stops in prepare, packages unchanged', async ({
  bed,
}) => {
  const root = await bed!.registeredRoot();
  await appendFile(path.join(root, 'etc/hosts'), '52.149.120.86\tsmt-azure.susecloud.net smt-azure\n');
  // An EC2 config without certlocation: the default certificate directory, which has no PEM here.
  await writeFile(
    path.join(root, 'etc/regionserverclnt.cfg'),
    '[server]\napi = regionInfo\n[instance]\ndataProvider = /usr/bin/ec2metadata --api latest --document --signature\n',
  );
  const before = await rpmPackages(root);
  const log = await failedRunLog(migrate(root), root);
  assert.match(
    log,
    /prepare failed: No cloud-regionsrv-client cache files found in \/var\/cache\/cloudregister or \/var\/lib\/cloudregister/,
  );
  assert.match(log, /hint: register the instance again on the host with `registercloudguest --force-new`/);
  assert.match(log, /region server certificates in \/usr\/lib\/regionService\/certs/);
  assert.match(log, /WARN .*the host's \/usr\/lib\/regionService\/certs has no \*\.pem certificate/);
  assert.not.match(log, /Azure:/, 'no device fix outside Azure');
  assert.equal(await rpmPackages(root), before);
  assert.equal(await mountsUnder(root), []);
});

test.run();
