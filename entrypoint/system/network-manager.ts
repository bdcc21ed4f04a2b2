// The container's own D-Bus system bus and NetworkManager, which wicked2nm hands its connections to (SPEC 5.3).
import { mkdir } from 'node:fs/promises';
import { StepError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Exec } from './exec.js';
import { pathExists } from './fs.js';
import { findProgram } from './host-programs.js';

export const DBUS_SOCKET = '/run/dbus/system_bus_socket';

/** A mount namespace of the container's mounts in which /sys is read-only; `argv` runs a command in it. */
export interface ReadOnlySysNamespace {
  argv(command: readonly string[]): string[];
  release(): Promise<void>;
}

/**
 * Makes a mount namespace that sees the container's mounts but /sys read-only, held by a process that
 * waits in it (util-linux unshare running cat) until release; the container's own /sys stays writable
 * for the later steps (e.g. grub2-install writing EFI variables). (Not a namespace kept by a bind mount
 * on a file, `unshare --mount=FILE`: that failed now and then with EINVAL in the test containers.)
 *
 * Why: NetworkManager uses udev when /sys is writable (libnm-platform/nm-linux-platform.c,
 * nm_linux_platform_new: `nmp_netns_is_initial() && path_is_read_only_fs("/sys") == FALSE`; "initial" is
 * the network namespace NetworkManager started in, so always for its main platform), and then takes only
 * devices that udev has initialized (udev_enumerate_add_match_is_initialized, the database in /run/udev).
 * The container runs no udevd and has no /run/udev, so every device stays "unmanaged (platform-init)" and
 * its startup never completes. With /sys read-only it does not use udev and marks every link initialized
 * (nmp-object.c, _nmp_object_fixup_link_udev_fields), as it does in any container.
 */
export async function readOnlySysNamespace(exec: Exec): Promise<ReadOnlySysNamespace> {
  // cat echoes the line once it runs, that is after unshare made the namespace.
  const holder = exec.background(['unshare', '--mount', '--propagation', 'private', '--', 'cat'], { input: 'ready\n', endsAtEof: true });
  try {
    const first = await holder.firstLine;
    if (holder.pid === undefined) {
      throw new StepError(
        'unshare (util-linux) is not in the migration image: no mount namespace for NetworkManager',
        'use a migration image with util-linux (unshare, nsenter, mount)',
      );
    }
    if (first.line !== 'ready') {
      throw new StepError(
        `unshare --mount ended with exit code ${first.exitCode}: no mount namespace for NetworkManager`,
        'NetworkManager needs a mount namespace of its own: the container must be privileged (podman run --privileged)',
      );
    }
    const pid = String(holder.pid);
    await exec.run(['mount', '--namespace', pid, '-o', 'remount,bind,ro', '/sys'], { quiet: true });
    return { argv: (command) => ['nsenter', '--target', pid, '--mount', '--', ...command], release: () => holder.stop() };
  } catch (err) {
    await holder.stop();
    throw err;
  }
}

/**
 * Starts a system bus (unless one runs) and NetworkManager in the container; the returned function
 * stops what was started, NetworkManager first. The original image had systemd start both.
 * NetworkManager runs in the host's network namespace (--net host), so it runs only while
 * wicked2nm needs it (a risk the SPEC notes in 5.3), and in a mount namespace of its own where
 * /sys is read-only, so that it does not wait for a udev that the container does not run.
 */
export async function startNetworkManager(exec: Exec, log: Logger): Promise<() => Promise<void>> {
  const started: { name: string; stop: () => Promise<void> }[] = [];
  const stop = async () => {
    for (const { name, stop: end } of started.reverse()) {
      await end();
      log.info({ event: 'network.daemon', daemon: name, running: false }, `stopped the container's ${name}`);
    }
  };
  if (!(await findProgram('NetworkManager'))) {
    log.warn(
      { event: 'network.daemon', daemon: 'NetworkManager' },
      'this image has no NetworkManager: wicked2nm has no NetworkManager to hand its connections to',
    );
    return stop;
  }
  try {
    if (!(await pathExists(DBUS_SOCKET))) {
      await mkdir('/run/dbus', { recursive: true });
      const dbus = exec.background(['dbus-daemon', '--system', '--nofork', '--nopidfile', '--print-address']);
      started.push({ name: 'D-Bus system bus', stop: () => dbus.stop() });
      // It prints its address once it listens.
      const first = await dbus.firstLine;
      if (first.line === undefined) throw new Error(`dbus-daemon --system ended with exit code ${first.exitCode}`);
    }
    const namespace = await readOnlySysNamespace(exec);
    const networkManager = exec.background(namespace.argv(['NetworkManager', '--no-daemon']));
    const stopNetworkManager = async () => {
      try {
        await networkManager.stop();
      } finally {
        await namespace.release();
      }
    };
    started.push({ name: 'NetworkManager', stop: stopNetworkManager });
    // Waits until NetworkManager has started (not for connectivity).
    await exec.run(['nm-online', '--wait-for-startup', '--quiet', '--timeout', '60'], {
      hint: 'NetworkManager did not start in the container; read its messages with `podman logs`',
    });
    log.info(
      { event: 'network.daemon', daemon: 'NetworkManager', running: true },
      'started a D-Bus system bus and NetworkManager in the container for wicked2nm',
    );
    return stop;
  } catch (err) {
    await stop();
    throw err;
  }
}
