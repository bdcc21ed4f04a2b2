// Public API of the test bed: synthetic SLES repositories, system roots and a static HTTP server.
export { ensureRepos, type Repos } from './repos.js';
export { SLE_ARCHES, type SleArch } from './arch.js';
export { makeSystemRoot, removeSystemRoot, targetRepoFile, TARGET_REPO_FILE, TARGET_REPO_FILE_16 } from './system-root.js';
export { serveDirectory, type Served } from './repo-server.js';
export { zypper, rpm, installedPackages } from './zypper.js';
export { bedEnv, bedHome } from './rpm-env.js';
export { SCRIPTLET_LOG } from './packages.js';
export { USER_EDIT } from './template-root.js';
