// Bind mounts made on behalf of the steps, each recorded in the ledger before the next one is made.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log/logger.js';
import type { Exec } from './exec.js';
import { mountPointsFrom, readLedger, unmountOrder, writeLedger, type MountEntry } from './mount-ledger.js';

/** How many mounts are stacked at `target` now. */
async function mountsAt(target: string): Promise<number> {
  return mountPointsFrom(await readFile('/proc/self/mountinfo', 'utf8')).filter((p) => p === target).length;
}

export class Mounts {
  constructor(
    private readonly ledgerFile: string,
    private readonly exec: Exec,
    private readonly log: Logger,
    // Shared between views, so every step records into the one ledger.
    private readonly shared: { entries: MountEntry[] } = { entries: [] },
  ) {}

  /** The same ledger, running and logging through a step's runner and logger. */
  withExec(exec: Exec, log: Logger): Mounts {
    return new Mounts(this.ledgerFile, exec, log, this.shared);
  }

  private get entries(): MountEntry[] {
    return this.shared.entries;
  }

  private set entries(value: MountEntry[]) {
    this.shared.entries = value;
  }

  /** Picks up a ledger left by an earlier, interrupted run in the same container. */
  async load(): Promise<void> {
    this.entries = await readLedger(this.ledgerFile);
  }

  list(): readonly MountEntry[] {
    return this.entries;
  }

  /** `mount --bind source target` (target directory, or with `file` an empty file, created when missing), recorded in the ledger. */
  async bind(source: string, target: string, options: { readOnly?: boolean; file?: boolean } = {}): Promise<void> {
    if (options.file) {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, '', { flag: 'a' });
    } else {
      await mkdir(target, { recursive: true });
    }
    const below = await mountsAt(target);
    await this.exec.run(['mount', '--bind', ...(options.readOnly ? ['-o', 'ro'] : []), source, target]);
    this.entries.push({ source, target, below });
    await writeLedger(this.ledgerFile, this.entries);
  }

  /** Lazily unmounts one recorded mount (a short-lived one, e.g. /proc for a chrooted command) and drops it from the ledger. */
  async unbind(target: string): Promise<void> {
    await this.exec.run(['umount', '--lazy', target], { allowFailure: true, cleanup: true });
    this.entries = this.entries.filter((e) => e.target !== target);
    await writeLedger(this.ledgerFile, this.entries);
  }

  /** Lazily unmounts every recorded mount, deepest first; returns the mount points still present. */
  async releaseAll(): Promise<string[]> {
    for (const entry of unmountOrder(this.entries)) {
      const result = await this.exec.run(['umount', '--lazy', entry.target], { allowFailure: true, cleanup: true });
      if (!result.ok) this.log.warn({ event: 'mount.release' }, `could not unmount ${entry.target}: ${result.stderr.trim()}`);
    }
    // Still ours when more is mounted at the target than was there before the bind.
    const present = mountPointsFrom(await readFile('/proc/self/mountinfo', 'utf8'));
    const count = (target: string) => present.filter((p) => p === target).length;
    const left = this.entries.filter((e) => count(e.target) > (e.below ?? 0)).map((e) => e.target);
    this.entries = this.entries.filter((e) => left.includes(e.target));
    await writeLedger(this.ledgerFile, this.entries);
    return left;
  }
}
