import { NdpError } from '../errors/ndp-error.js';
import { API_VERSION } from '../gen/contract.js';
import { err, ok, type Result } from '../result.js';
import type { Manifest } from './manifest.js';

/**
 * Checks that the host can run a plugin built for `manifest.apiVersion`. Versions are additive: a host supports
 * every version up to its own (`hostVersion`, by default the generated {@link API_VERSION}).
 * On refusal, `API_VERSION_UNSUPPORTED` with a message naming both versions.
 */
export function checkApiVersion<M extends Pick<Manifest, 'name' | 'apiVersion'>>(
  manifest: M,
  hostVersion: number = API_VERSION,
): Result<M, NdpError<'API_VERSION_UNSUPPORTED'>> {
  if (manifest.apiVersion <= hostVersion) return ok(manifest);
  return err(
    new NdpError(
      'API_VERSION_UNSUPPORTED',
      `plugin "${manifest.name}" needs plugin API version ${manifest.apiVersion}, but this host supports up to ` +
        `version ${hostVersion}: upgrade the host, or install a build of the plugin for API version ${hostVersion}`,
      { details: { pluginId: manifest.name, required: manifest.apiVersion, supported: hostVersion } },
    ),
  );
}
