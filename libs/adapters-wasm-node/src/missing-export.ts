import { NdpError } from '@ndp/domain';

/**
 * The error of a call to an export the module lacks. Nothing of the guest ran, so the instance stays usable: it is
 * the caller asking for something the plugin does not offer (NOT_IMPLEMENTED), not a guest failure.
 */
export function missingExport(pluginId: string, exportName: string): NdpError<'NOT_IMPLEMENTED'> {
  return new NdpError('NOT_IMPLEMENTED', `plugin "${pluginId}" exports no function "${exportName}"`, {
    details: { pluginId, method: exportName },
  });
}
