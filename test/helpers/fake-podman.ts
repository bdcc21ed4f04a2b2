// A recording podman stand-in that replays what a container says, for unit tests of the host shim without an image.
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { STANDINS } from './shim.js';

/**
 * podman as the shim uses it: records each call; `run --rm ... ends` prints $FAKE_ENDS (exit $FAKE_ENDS_EXIT);
 * `run --detach` writes $FAKE_RESULT into the log directory it was given (as the container's `run` does) and prints
 * a container id; `logs` prints one container line; `wait` prints $FAKE_STATUS; `image exists` is true.
 */
const FAKE_PODMAN = `#!/bin/bash
echo "podman $*" >> "$STANDIN_LOG"
case "$1" in
    run)
        if [[ " $* " != *" --detach "* ]]; then printf '%s' "$FAKE_ENDS"; exit "\${FAKE_ENDS_EXIT:-0}"; fi
        prev=""
        for a in "$@"; do
            if [[ "$prev" == --volume && "$a" == *:/var/log ]]; then log_dir=\${a%:/var/log}; fi
            prev=$a
        done
        [[ -z "\${FAKE_RESULT:-}" ]] || printf '%s' "$FAKE_RESULT" >"$log_dir/distro_migration.result"
        echo 0123456789abcdef0123 ;;
    logs) echo "[upgrade] a line of the container"; sleep "\${FAKE_LOGS_SLEEP:-0}" ;;
    wait) echo "\${FAKE_STATUS:-0}" ;;
    pull) exit 1 ;;
esac
exit 0
`;

/** The id the fake's `run --detach` prints. */
export const FAKE_CONTAINER_ID = '0123456789abcdef0123';

/** Writes the fake podman into `bin` (created), to be put first in PATH. */
export async function writeFakePodman(bin: string): Promise<void> {
  await mkdir(bin, { recursive: true });
  await writeFile(path.join(bin, 'podman'), FAKE_PODMAN);
  await chmod(path.join(bin, 'podman'), 0o755);
}

/** A place for one shim test: a host root, the fake podman's bin directory, and the shim's environment for both. */
export interface ShimSandbox {
  /** The temporary directory holding all of it (remove it afterwards). */
  dir: string;
  root: string;
  bin: string;
  env: { PATH: string; DMS_SYSTEM_ROOT: string; STANDIN_LOG: string };
}

/**
 * A new sandbox: a migrated root as far as the shim looks (the kernel `kernel` with its modules, for the initrd;
 * /var/log; and `dirs`), the fake podman first in PATH, then the host stand-ins; calls logged to `<dir>/calls.log`.
 */
export async function shimSandbox(prefix: string, kernel: string, dirs: readonly string[] = []): Promise<ShimSandbox> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  const root = path.join(dir, 'root');
  for (const d of ['var/log', 'boot', `lib/modules/${kernel}`, ...dirs]) await mkdir(path.join(root, d), { recursive: true });
  await writeFile(path.join(root, 'boot', `vmlinuz-${kernel}`), 'kernel\n');
  const bin = path.join(dir, 'bin');
  await writeFakePodman(bin);
  return {
    dir,
    root,
    bin,
    env: { PATH: `${bin}:${STANDINS}:${process.env.PATH}`, DMS_SYSTEM_ROOT: root, STANDIN_LOG: path.join(dir, 'calls.log') },
  };
}
