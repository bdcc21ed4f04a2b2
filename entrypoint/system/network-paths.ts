// Host paths of the network stack switch (wicked -> NetworkManager) on SLE 16 (SPEC 5.3, 5.8, 7.4).

const WANTS = '/etc/systemd/system/network-online.target.wants';

export const NETWORK_PATHS = {
  /** A symlink when the host's network is run by wicked. */
  wickedEnabled: `${WANTS}/wicked.service`,
  /** A symlink when the host's network is run by NetworkManager. */
  nmWaitOnlineEnabled: `${WANTS}/NetworkManager-wait-online.service`,
  /** `wicked show-config` output, written on the host by the shim before the run (SPEC 7.4). */
  wickedConfigCache: '/var/cache/wicked_config/config.xml',
  sysconfigNetwork: '/etc/sysconfig/network',
  providers: '/etc/sysconfig/network/providers',
  nmConfig: '/etc/NetworkManager',
  nmLib: '/usr/lib/NetworkManager',
  /** Where NetworkManager keeps connection profiles (in the container: what wicked2nm produced). */
  nmConnections: '/etc/NetworkManager/system-connections',
  resolvConf: '/etc/resolv.conf',
  netconfigMd5: '/var/adm/netconfig/md5/etc/resolv.conf',
  /** Backups of removed host configuration (the wicked config), one directory per run. */
  migrationBackups: '/var/migration',
} as const;
