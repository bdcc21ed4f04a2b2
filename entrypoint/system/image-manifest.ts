// What the program needs where: every program it runs (in the image, or chrooted on the host) and the image paths it reads,
// with the SUSE package that provides each. Checked against the built image and image/Containerfile (test/unit/system/image-manifest.test.ts,
// test/image/manifest.test.ts); nothing at run time reads this table.

/** Where the production image gets a program or path from. */
export interface ImageNeed {
  /** The SUSE package that provides it. */
  suse: string;
  /** In the SUSE BCI Node.js base already (not in the Containerfile's package list). */
  onBase?: true;
  /** Needed by the SLE 16 step set only (the Containerfile installs it on a SLE 16 base). */
  sle16?: true;
  /** Absent from the Debian test base: tests bind a stand-in of test/standins/ in its place. */
  standIn?: string;
  /** Not named in the code: what runs it. */
  via?: string;
}

/** Programs run in the container, by the name given to exec (looked up in PATH), or by absolute path. */
export const IMAGE_PROGRAMS: Record<string, ImageNeed> = {
  node: { suse: 'nodejs22', onBase: true, via: 'the image ENTRYPOINT' },
  zypper: { suse: 'zypper', onBase: true },
  rpm: { suse: 'rpm', onBase: true },
  chroot: { suse: 'coreutils', onBase: true },
  stat: { suse: 'coreutils', onBase: true },
  // The debug hold's shell: bash when there, else sh.
  '/bin/bash': { suse: 'bash', onBase: true },
  '/bin/sh': { suse: 'bash', onBase: true },
  mount: { suse: 'util-linux' },
  umount: { suse: 'util-linux' },
  findmnt: { suse: 'util-linux' },
  lsblk: { suse: 'util-linux' },
  blkid: { suse: 'util-linux' },
  flock: { suse: 'util-linux' },
  // NetworkManager's mount namespace with a read-only /sys (system/network-manager.ts).
  unshare: { suse: 'util-linux', sle16: true },
  nsenter: { suse: 'util-linux', sle16: true },
  rsync: { suse: 'rsync' },
  ip: { suse: 'iproute2' },
  tar: { suse: 'tar' },
  gzip: { suse: 'gzip', via: 'tar -z (support-bundle)' },
  xfs_info: { suse: 'xfsprogs' },
  'update-ca-certificates': { suse: 'ca-certificates' },
  '/usr/sbin/updatesmtcache': { suse: 'cloud-regionsrv-client', standIn: 'updatesmtcache' },
  systemctl: { suse: 'systemd', sle16: true },
  'dbus-daemon': { suse: 'dbus-1', sle16: true },
  // The Debian test base's SLE 16 twin has Debian's build (network-manager, scripts/build-image.mjs).
  NetworkManager: { suse: 'NetworkManager', sle16: true },
  'nm-online': { suse: 'NetworkManager', sle16: true },
  wicked2nm: { suse: 'wicked2nm', sle16: true, standIn: 'wicked2nm' },
};

/** Paths of the image the program reads (its own files, plugins, configuration). */
export const IMAGE_PATHS: Record<string, ImageNeed> = {
  '/usr/lib/dms/entrypoint.mjs': { suse: '(the image recipe: COPY dist/)' },
  '/etc/migration-config.yml': { suse: '(the image recipe: COPY image/files/)' },
  '/etc/migration-config.d': { suse: '(the image recipe: mkdir)' },
  '/etc/os-release': { suse: 'sles-release', onBase: true },
  '/usr/lib/zypp/plugins/services': { suse: '(the image recipe: mkdir)' },
  '/usr/lib/zypper/commands/zypper-migration': { suse: 'suseconnect-ng', standIn: 'zypper-migration' },
  '/usr/lib/NetworkManager/conf.d/00-server.conf': {
    suse: 'NetworkManager-config-server',
    sle16: true,
    standIn: 'NetworkManager-00-server.conf',
  },
};

/** Programs run chrooted in the host root: the host's own, not the image's (SUSE packages of the host). */
export const HOST_ROOT_PROGRAMS: Record<string, { suse: string }> = {
  dracut: { suse: 'dracut' },
  'grub2-mkconfig': { suse: 'grub2' },
  crm: { suse: 'crmsh' },
  SUSEConnect: { suse: 'suseconnect-ng' },
  snapper: { suse: 'snapper' },
  wicked: { suse: 'wicked' },
  'aa-status': { suse: 'apparmor-parser' },
};
