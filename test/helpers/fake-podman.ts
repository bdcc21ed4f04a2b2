// A recording podman stand-in that replays what a container says, for unit tests of the host shim without an image.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

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
