// regionserverclnt.cfg: the certificate directory and the Azure --device fix.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { certDirOf, DEFAULT_CERT_DIR, needsAzureDevice, parseIni, withAzureDevice } from '../../../entrypoint/system/region-config.js';

const AZURE = `# Azure region servers
[server]
api = regionInfo
certLocation = /var/lib/regionService/certs
regionsrv = 52.149.120.86

[instance]
dataProvider = /usr/bin/azuremetadata --api latest --subscriptionId --billingTag --attestedData --signature --xml
instanceArgs = none
`;

test('certlocation is read case-insensitively, with the default when missing', () => {
  assert.is(certDirOf(AZURE), '/var/lib/regionService/certs');
  assert.is(certDirOf(AZURE.replace('certLocation', 'CERTLOCATION')), '/var/lib/regionService/certs');
  assert.is(certDirOf('[server]\napi = regionInfo\n'), DEFAULT_CERT_DIR);
  assert.is(certDirOf(''), DEFAULT_CERT_DIR);
});

test('the Azure fix applies only to azuremetadata without --device', () => {
  assert.is(needsAzureDevice(AZURE), true);
  assert.is(needsAzureDevice(AZURE.replace('--xml', '--xml --device /dev/sda')), false);
  assert.is(needsAzureDevice(AZURE.replace('/usr/bin/azuremetadata', '/usr/bin/ec2metadata')), false);
  assert.is(needsAzureDevice('[server]\ncertlocation = /x\n'), false, 'a config without [instance] is no error (the original failed)');
});

test('withAzureDevice appends --device to the dataProvider line only, keeping comments and key case', () => {
  const fixed = withAzureDevice(AZURE, '/dev/disk/by-id/scsi-360022480');
  assert.is(fixed, AZURE.replace('--signature --xml', '--signature --xml --device /dev/disk/by-id/scsi-360022480'));
  assert.is(withAzureDevice(fixed, '/dev/other'), fixed, 'idempotent');
  const elsewhere = '[server]\ndataProvider = azuremetadata\n';
  assert.is(withAzureDevice(elsewhere, '/dev/x'), elsewhere, 'only [instance] is changed');
});

test('parseIni: sections, = and : separators, comments', () => {
  const ini = parseIni('; c\n[a]\nX = 1\ny: 2\n# z = 3\n[b]\n');
  assert.equal(
    [...ini.get('a')!],
    [
      ['x', '1'],
      ['y', '2'],
    ],
  );
  assert.is(ini.get('b')!.size, 0);
});

test.run();
