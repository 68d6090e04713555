import type { CapabilityName } from '@ndp/domain';

/** snake_case of a capability, the name of its exports module in the PDK (`MetadataAgent` → `metadata_agent`). */
function exportsModule(capability: CapabilityName): string {
  return capability.replace(/(?<=[a-z])(?=[A-Z])/g, '_').toLowerCase();
}

/** The class of one capability in the scaffold: a small working method where one makes sense, the rest stubbed. */
function classOf(capability: CapabilityName, pluginName: string): { imports: string[]; body: string } {
  const cls = `Plugin${capability}`;
  switch (capability) {
    case 'MetadataAgent':
      return {
        imports: ['ArtistBiographyRequest', 'ArtistBiographyResponse', 'Log'],
        body: `// Every MetadataAgent method not overridden answers plugin:not_implemented, so the host asks the next agent.
class ${cls} extends MetadataAgent {
  getArtistBiography(request: ArtistBiographyRequest): ArtistBiographyResponse | null {
    if (request.name == '') return null; // null alone answers plugin:not_found
    Log.info('biography asked for ' + request.name);
    const response = new ArtistBiographyResponse();
    response.biography = request.name + ', as told by ${pluginName}.';
    return response;
  }
}`,
      };
    case 'Scrobbler':
      return {
        imports: ['ScrobblerIsAuthorizedRequest', 'ScrobblerIsAuthorizedResponse'],
        body: `// NowPlaying and Scrobble answer plugin:not_implemented until you override them.
class ${cls} extends Scrobbler {
  isAuthorized(request: ScrobblerIsAuthorizedRequest): ScrobblerIsAuthorizedResponse | null {
    const response = new ScrobblerIsAuthorizedResponse();
    response.authorized = request.username != '';
    return response;
  }
}`,
      };
    case 'LifecycleManagement':
      return {
        imports: ['InitRequest', 'InitResponse', 'Log'],
        body: `// OnInit runs once per loaded version, before the plugin serves calls; an error in the answer fails the load.
class ${cls} extends LifecycleManagement {
  onInit(request: InitRequest): InitResponse | null {
    Log.info('${pluginName} initialised with ' + request.config.size.toString() + ' config keys');
    return new InitResponse();
  }
}`,
      };
    case 'SchedulerCallback':
      return {
        imports: [],
        body: `// Override onSchedulerCallback(request) to act on the schedules you make with Scheduler.oneTime/recurring;
// until then every firing answers plugin:not_implemented. The manifest then needs the "scheduler" permission.
class ${cls} extends SchedulerCallback {}`,
      };
    case 'WebSocketCallback':
      return {
        imports: [],
        body: `// Override onTextMessage, onBinaryMessage, onError and onClose for the sockets you open with
// WebSocket.connect; until then each answers plugin:not_implemented. Connecting needs the "websocket" permission.
class ${cls} extends WebSocketCallback {}`,
      };
  }
}

/** `assembly/index.ts` of a scaffolded plugin implementing `capabilities`. */
export function pluginSource(pluginName: string, capabilities: readonly CapabilityName[]): string {
  const parts = capabilities.map((c) => ({ capability: c, ...classOf(c, pluginName) }));
  const imports = [
    ...new Set(parts.flatMap((p) => [...p.imports, p.capability, `register${p.capability}`])),
  ].sort();
  return [
    `// ${pluginName}: an ndp plugin in AssemblyScript (see node_modules/@ndp/pdk-assemblyscript/README.md).`,
    `import {`,
    ...imports.map((i) => `  ${i},`),
    `} from '@ndp/pdk-assemblyscript';`,
    '',
    ...parts.flatMap((p) => [p.body, '', `register${p.capability}(new Plugin${p.capability}());`, '']),
    '// The wasm exports of each capability: without these lines the module exports nothing and the host refuses it.',
    ...capabilities.map(
      (c) => `export * from '@ndp/pdk-assemblyscript/assembly/gen/exports/${exportsModule(c)}';`,
    ),
    '',
  ].join('\n');
}
