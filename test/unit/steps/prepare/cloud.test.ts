// prepare's public-cloud part: finding the cloud-register cache, and its SPEC failure.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StepError } from '../../../../entrypoint/errors.js';
import { createLogger } from '../../../../entrypoint/log/logger.js';
import { onHost } from '../../../../entrypoint/paths.js';
import { findCloudCache } from '../../../../entrypoint/steps/prepare/cloud.js';
import type { StepContext } from '../../../../entrypoint/steps/types.js';

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

test.run();
