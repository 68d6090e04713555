// The grammar of semver.org 2.0.0: MAJOR.MINOR.PATCH, optional pre-release and build metadata, no leading zeros.
const NUM = '(?:0|[1-9][0-9]*)';
const PRE_ID = '(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)';
const SEMVER = new RegExp(
  `^${NUM}\\.${NUM}\\.${NUM}(?:-${PRE_ID}(?:\\.${PRE_ID})*)?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?$`,
);

/** True when `version` is a semantic version (semver.org 2.0.0), e.g. `1.2.3`, `1.0.0-rc.1+build.5`. */
export function isSemver(version: string): boolean {
  return SEMVER.test(version);
}
