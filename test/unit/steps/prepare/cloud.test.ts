// prepare's public-cloud part: finding the cloud-register cache, and its SPEC failure; the Azure root disk.
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StepError } from '../../../../entrypoint/errors.js';
import { createLogger } from '../../../../entrypoint/log/logger.js';
import { onHost } from '../../../../entrypoint/paths.js';
import { findCloudCache, hostRootDisk } from '../../../../entrypoint/steps/prepare/cloud.js';
import type { StepContext } from '../../../../entrypoint/steps/types.js';
import { stepContext } from '../../../helpers/step-context.js';

const CLOUD_HOSTS = '127.0.0.1 localhost\n52.149.120.86 smt-azure.susecloud.net smt-azure\n';

async function withRoot(files: string[], fn: (ctx: StepContext) => Promise<void>): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'cloud-'));
  try {
    for (const file of files) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), 'x');
    }
    await fn({ host: (p: string) => onHost(root, p), log: createLogger({ consoleFd: null }).log } as StepContext);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test('no susecloud.net in /etc/hosts: no cloud cache is looked for', async () => {
  await withRoot([], async (ctx) => assert.is(await findCloudCache(ctx, '127.0.0.1 localhost\n'), undefined));
});

test('the cache is the first location holding an SMT entry: /var/cache/cloudregister, then /var/lib/cloudregister', async () => {
  await withRoot(['var/cache/cloudregister/currentSMTInfo.obj', 'var/lib/cloudregister/currentSMTInfo.obj'], async (ctx) =>
    assert.is(await findCloudCache(ctx, CLOUD_HOSTS), '/var/cache/cloudregister'),
  );
  await withRoot(['var/cache/cloudregister/regionserverclnt.log', 'var/lib/cloudregister/availableSMTInfo_1.obj'], async (ctx) =>
    assert.is(await findCloudCache(ctx, CLOUD_HOSTS), '/var/lib/cloudregister'),
  );
});

test('susecloud.net without any SMT cache entry fails with the SPEC message and a hint', async () => {
  await withRoot(['var/cache/cloudregister/other'], async (ctx) => {
    try {
      await findCloudCache(ctx, CLOUD_HOSTS);
      assert.unreachable('must throw');
    } catch (err) {
      assert.instance(err, StepError);
      assert.match(
        (err as Error).message,
        /^No cloud-regionsrv-client cache files found in \/var\/cache\/cloudregister or \/var\/lib\/cloudregister/,
      );
      assert.match((err as StepError).hint ?? '', /registercloudguest --force-new/);
    }
  });
});

/**
 * Stand-ins for findmnt and lsblk first on PATH (the original's test mocks Command.run with these outputs):
 * each records its arguments and prints its canned output, or fails with exit code 1 when given none.
 */
async function withBlockStandins(
  outputs: { findmnt?: string; lsblk?: string },
  fn: (calls: () => Promise<string[]>, dir: string) => Promise<void>,
): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dms-block-standins-'));
  const savedPath = process.env.PATH;
  try {
    for (const name of ['findmnt', 'lsblk'] as const) {
      const output = outputs[name];
      const body = output === undefined ? `echo "${name}: stand-in failure" >&2\nexit 1\n` : `cat '${path.join(dir, `${name}.out`)}'\n`;
      if (output !== undefined) await writeFile(path.join(dir, `${name}.out`), output);
      await writeFile(path.join(dir, name), `#!/bin/sh\necho "${name} $*" >> '${path.join(dir, 'calls')}'\n${body}`);
      await chmod(path.join(dir, name), 0o755);
    }
    process.env.PATH = `${dir}:${savedPath}`;
    await fn(async () => (await readFile(path.join(dir, 'calls'), 'utf8').catch(() => '')).split('\n').filter(Boolean), dir);
  } finally {
    process.env.PATH = savedPath;
    await rm(dir, { recursive: true, force: true });
  }
}

test("stand-ins findmnt, lsblk: the root's disk is found as the original finds it (prepare_test.py::test_update_regionsrv_setup)", async () => {
  // Volume-based block device from findmnt (btrfs subvolume suffix).
  await withBlockStandins(
    { findmnt: '/dev/sda3[/@/.snapshots/1/snapshot]\n', lsblk: '/dev/sda3 part\n/dev/sda disk' },
    async (calls, dir) => {
      const byId = path.join(dir, 'by-id');
      await mkdir(byId);
      await symlink('/dev/sda', path.join(byId, '1234-5678'));
      assert.is(await hostRootDisk(stepContext('/system-root'), byId), path.join(byId, '1234-5678'));
      assert.equal(await calls(), [
        'findmnt --first --noheadings --output SOURCE --mountpoint /system-root',
        'lsblk -p -n -r -s -o NAME,TYPE /dev/sda3',
      ]);
    },
  );
  // Plain block device; a disk with no by-id link leaves the config unchanged.
  await withBlockStandins({ findmnt: '/dev/sdb7\n', lsblk: '/dev/sdb7 part\n/dev/sdb disk' }, async (calls, dir) => {
    assert.is(await hostRootDisk(stepContext('/system-root'), path.join(dir, 'no-by-id')), undefined);
    assert.equal((await calls())[1], 'lsblk -p -n -r -s -o NAME,TYPE /dev/sdb7');
  });
  // findmnt printing nothing: no lsblk, the config stays.
  await withBlockStandins({ findmnt: '' }, async (calls) => {
    assert.is(await hostRootDisk(stepContext('/system-root')), undefined);
    assert.is((await calls()).length, 1);
  });
});

test('findmnt or lsblk failing stops prepare with one line naming the command and a hint to set --device by hand', async () => {
  for (const outputs of [{}, { findmnt: 'overlay\n' }]) {
    await withBlockStandins(outputs, async () => {
      try {
        await hostRootDisk(stepContext('/system-root'));
        assert.unreachable('must throw');
      } catch (err) {
        assert.instance(err, StepError);
        assert.match(
          (err as Error).message,
          /^Azure: cannot find the disk of the host root for dataProvider --device: (findmnt|lsblk) .* failed \(exit code 1\): (findmnt|lsblk): stand-in failure$/,
        );
        assert.match(
          (err as StepError).hint ?? '',
          /append `--device \/dev\/disk\/by-id\/<its name>` to dataProvider in \[instance\] of the host's \/etc\/regionserverclnt\.cfg/,
        );
      }
    });
  }
});

test('the real findmnt on a root that is no mount point fails the same way (the container always mounts the host root)', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'dms-not-mounted-'));
  try {
    await hostRootDisk(stepContext(root));
    assert.unreachable('must throw');
  } catch (err) {
    assert.instance(err, StepError);
    assert.match((err as Error).message, /findmnt --first --noheadings --output SOURCE --mountpoint .* failed \(exit code 1\)/);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test.run();
