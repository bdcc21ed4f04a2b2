// stage (the `dms stage` command's step): downloads every package the upgrade needs into the host's zypp
// package cache and records what it fetched; installs nothing.
import { StepError } from '../errors.js';
import { HOST_FILES } from '../paths.js';
import { cachedRpms, mib, repoFingerprints, type StagedRecord, writeStaged } from '../stage/record.js';
import { ZypperXmlOutput } from '../system/zypper-xml-output.js';
import { describeZypperExit, dupArgv, zypperHint, zypperSucceeded } from '../system/zypper.js';
import type { Step } from './types.js';

/** Bookkeeping zypper writes into the root even with --download-only; staging puts it back as it was. */
const ZYPP_BOOKKEEPING = ['/var/lib/zypp/AutoInstalled', '/run/zypp.pid'];

export const stageDownload: Step = {
  id: 'stage',
  title: "Download the target packages into the host's package cache",
  fatal: true,
  async run(ctx) {
    const root = ctx.paths.systemRoot;
    const before = await cachedRpms(root);
    const xml = new ZypperXmlOutput();
    const result = await ctx.files.unchangedAfter(ZYPP_BOOKKEEPING, () =>
      ctx.exec.run(dupArgv(root, { download: 'only' }), {
        stream: true,
        succeeded: zypperSucceeded,
        allowFailure: true,
        stdoutReader: xml,
      }),
    );
    if (!result.ok) {
      const why = result.notFound ? 'zypper is not installed in the migration image' : describeZypperExit(result.exitCode);
      throw new StepError(`staging failed: zypper dup --download-only ${why}; nothing was installed`, zypperHint(result.exitCode));
    }
    const after = await cachedRpms(root);
    const packages = [...after].filter(([p]) => !before.has(p)).map(([p, size]) => ({ path: p, size }));
    const record: StagedRecord = {
      version: 1,
      stagedAt: new Date().toISOString(),
      mode: 'dup',
      packages,
      alreadyCached: [...after.keys()].filter((p) => before.has(p)).length,
      bytes: packages.reduce((n, p) => n + p.size, 0),
      repos: await repoFingerprints(root),
    };
    await writeStaged(root, record);
    const downloadBytes = xml.summary?.downloadBytes;
    ctx.log.info(
      { event: 'stage.done', packages: packages.length, alreadyCached: record.alreadyCached, bytes: record.bytes, file: HOST_FILES.staged },
      `staged ${packages.length} package(s), ${mib(record.bytes)}, in ${HOST_FILES.packageCache} (verified by zypper: checksums` +
        ` from the repository metadata, signatures where the repository has gpgcheck on)${record.alreadyCached > 0 ? `; ${record.alreadyCached} were cached already` : ''};` +
        ` recorded in ${HOST_FILES.staged}${downloadBytes === undefined ? '' : ` (zypper's download size: ${mib(downloadBytes)})`}. Nothing was installed.`,
    );
  },
};
