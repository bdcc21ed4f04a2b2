// The container's own D-Bus system bus and NetworkManager, which wicked2nm hands its connections to (SPEC 5.3).
import { mkdir } from 'node:fs/promises';
import type { Logger } from '../log/logger.js';
import type { Background, Exec } from './exec.js';
import { pathExists } from './fs.js';
import { findProgram } from './host-programs.js';

export const DBUS_SOCKET = '/run/dbus/system_bus_socket';

/**
 * Starts a system bus (unless one runs) and NetworkManager in the container; the returned function
 * stops what was started, NetworkManager first. The original image had systemd start both.
 * NetworkManager runs in the host's network namespace (--net host), so it runs only while
 * wicked2nm needs it (a risk the SPEC notes in 5.3).
 */
export async function startNetworkManager(exec: Exec, log: Logger): Promise<() => Promise<void>> {
  const started: { name: string; process: Background }[] = [];
  const stop = async () => {
    for (const { name, process } of started.reverse()) {
      await process.stop();
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
      started.push({ name: 'D-Bus system bus', process: dbus });
      // It prints its address once it listens.
      const first = await dbus.firstLine;
      if (first.line === undefined) throw new Error(`dbus-daemon --system ended with exit code ${first.exitCode}`);
    }
    started.push({ name: 'NetworkManager', process: exec.background(['NetworkManager', '--no-daemon']) });
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
