// `dms check`: every pre-flight check and the plan against /system-root; writes the report; changes nothing (unless --fix).
import { loadConfig } from '../config/load.js';
import { createLogger } from '../log/logger.js';
import { optionsToLayer, type RunOptions } from '../options.js';
import { HOST_FILES, onHost, type ContainerPaths } from '../paths.js';
import { readHostname } from '../report/hostname.js';
import { buildReport } from '../report/model.js';
import { reportText } from '../report/text.js';
import { writeReport } from '../report/write.js';
import { checkSystemRoot, readTarget } from '../run/start.js';
import { Exec } from '../system/exec.js';
import { readOsRelease } from '../system/os-release.js';
import { applyFixes, runPreflight } from './preflight.js';

export interface CheckOptions extends Pick<RunOptions, 'useZypperDup' | 'product'> {
  /** Repair what can be repaired (multiversion kernels), then check again. */
  fix?: boolean;
}

export const CHECK_EXIT = { ready: 0, inhibited: 1 } as const;

export async function startCheck(paths: ContainerPaths, options: CheckOptions): Promise<number> {
  await checkSystemRoot(paths);
  const { config } = await loadConfig({
    imageFile: paths.imageConfig,
    dropinDir: paths.dropinDir,
    hostFile: onHost(paths.systemRoot, HOST_FILES.hostConfig),
    overrides: optionsToLayer(options),
  });
  const target = await readTarget(paths);
  const targetVersionId = target.VERSION_ID ?? 'unknown';
  // No log file: a check leaves the host as it was, apart from the report.
  const logs = createLogger({ consoleFd: null });
  const exec = new Exec(logs.log);
  const input = { root: paths.systemRoot, config, targetVersionId, exec, log: logs.log };
  let pre = await runPreflight({ ...input, now: new Date() });
  if (options.fix) {
    const fixed = await applyFixes(pre);
    for (const line of fixed) process.stdout.write(`fixed: ${line}\n`);
    if (fixed.length > 0) pre = await runPreflight({ ...input, now: new Date() });
  }
  const report = buildReport({
    kind: 'check',
    now: new Date(),
    hostRelease: await readOsRelease(onHost(paths.systemRoot, HOST_FILES.osRelease)),
    hostname: await readHostname(paths.systemRoot),
    targetVersionId,
    result: pre.blocking.length > 0 ? 'inhibited' : 'ready',
    checks: pre.checks,
    plan: { ...pre.plan, mode: config.use_zypper_migration ? 'plugin' : 'dup' },
  });
  const files = await writeReport(paths.systemRoot, report);
  process.stdout.write(reportText(report, files));
  if (pre.unknownWaivers.length > 0)
    process.stdout.write(`note: waivers for unknown check ids were ignored: ${pre.unknownWaivers.join(', ')}\n`);
  return pre.blocking.length > 0 ? CHECK_EXIT.inhibited : CHECK_EXIT.ready;
}
