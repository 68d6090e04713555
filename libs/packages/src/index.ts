export { readPackage } from './read-package.js';
export type { PackageDoc, PluginPackage } from './plugin-package.js';
export { DEFAULT_PACKAGE_LIMITS } from './package-limits.js';
export type { PackageLimits } from './package-limits.js';
export { packageInfo } from './package-info.js';
export type { PackageInfo } from './package-info.js';
export { summarizePermissions } from './permission-summary.js';
export type { PermissionSummary } from './permission-summary.js';
export { packFolder } from './pack-folder.js';

export { findInstalled, listInstalled } from './installed-plugins.js';
export type { InstalledPlugin } from './installed-plugins.js';
export { installPackage } from './install-package.js';
export type { InstallOutcome } from './install-package.js';
export { updatePackage } from './update-package.js';
export type { UpdateOptions, UpdateOutcome } from './update-package.js';
export { removePlugin } from './remove-plugin.js';
export type { RemoveOutcome } from './remove-plugin.js';
export { linkDevFolder } from './link-dev-folder.js';
export type { LinkOutcome } from './link-dev-folder.js';

export { FsPluginPackages } from './fs-plugin-packages.js';
