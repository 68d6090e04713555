import { PERMISSION_NAMES, type Manifest } from '@ndp/domain';
import type {
  ExtismHttpHandler,
  HostCallHandler,
  HostFunctions,
  Logger,
  PluginConfigSource,
  Scheduler,
  WebSocketClient,
} from '@ndp/ports';
import { HOST_SERVICES, type HostPermission } from '@ndp/protocol';
import { decodeMessage, encodeMessage, type DescMessage } from '../codec/proto-codec.js';
import type { HostServiceDependencies } from '../manager/plugin-manager-options.js';
import { artworkService } from './artwork-service.js';
import { cacheService } from './cache-service.js';
import { configService } from './config-service.js';
import { extismHttpBridge } from './extism-http-bridge.js';
import type { HostServiceContext, HostServiceFactory } from './host-service-types.js';
import { httpService } from './http-service.js';
import { randomId } from './random-id.js';
import { schedulerService } from './scheduler-service.js';
import { websocketService } from './websocket-service.js';

const FACTORIES: { readonly [P in HostPermission]: HostServiceFactory<P> } = {
  http: httpService,
  config: configService,
  scheduler: schedulerService,
  websocket: websocketService,
  cache: cacheService,
  artwork: artworkService,
};

/** What the gateway needs besides the manifest. */
export interface HostServiceGatewayOptions {
  readonly deps: HostServiceDependencies;
  readonly scheduler: Scheduler;
  readonly websocket: WebSocketClient;
  readonly configSource: PluginConfigSource;
  readonly logger: Logger;
  readonly httpMaxResponseBytes: number;
  /** Id generator for unnamed schedules and connections; default: random 10 characters. */
  readonly generateId?: () => string;
}

/**
 * Builds the host functions of one plugin (docs/contract.md §5): only the services its manifest grants are linked, and each
 * granted service links every function of its permission (names from the generated `HOST_SERVICES` table).
 * Each function decodes its request with the generated schema, runs the service and encodes the response; it
 * answers synchronously when the service does (config, artwork, time, the memory cache), else with a Promise.
 *
 * Guarantees: expected failures are in-band in the response's `error` field; an unexpected failure of a port
 * (a cache backend down) is also answered in-band when the response has an `error` field, and logged; only
 * a malformed request, or a failure where the response has no `error` field, throws (the engine then fails the
 * guest call with `GUEST_TRAP`).
 *
 * @example
 * ```ts
 * const fns = gateway.hostFunctionsFor(manifest); // { cache_get_string: ..., http_get: ... }
 * ```
 */
export class HostServiceGateway {
  constructor(private readonly options: HostServiceGatewayOptions) {}

  hostFunctionsFor(manifest: Manifest): HostFunctions {
    const context = this.contextFor(manifest);
    const functions: Record<string, HostCallHandler> = {};
    for (const permission of PERMISSION_NAMES) {
      if (manifest.permissions[permission] === undefined) continue;
      Object.assign(functions, link(permission, context));
    }
    return Object.freeze(functions);
  }

  /**
   * The handler of Extism's own `http_request` (guests of other Extism PDKs) when the manifest grants `http`,
   * else undefined (the engine then refuses those requests in-band). Guarded exactly as the http host service.
   */
  extismHttpFor(manifest: Manifest): ExtismHttpHandler | undefined {
    if (manifest.permissions.http === undefined) return undefined;
    return extismHttpBridge(this.contextFor(manifest));
  }

  private contextFor(manifest: Manifest): HostServiceContext {
    const pluginId = manifest.name;
    return {
      pluginId,
      manifest,
      logger: this.options.logger.child({ plugin: pluginId }),
      deps: this.options.deps,
      scheduler: this.options.scheduler,
      websocket: this.options.websocket,
      configSource: this.options.configSource,
      httpMaxResponseBytes: this.options.httpMaxResponseBytes,
      generateId: this.options.generateId ?? (() => randomId()),
    };
  }
}

type AnyImpl = Record<string, (request: never) => unknown>;

function link<P extends HostPermission>(
  permission: P,
  context: HostServiceContext,
): Record<string, HostCallHandler> {
  const impl = FACTORIES[permission](context) as unknown as AnyImpl;
  const service = HOST_SERVICES[permission];
  const functions: Record<string, HostCallHandler> = {};
  for (const descriptor of Object.values(service.methods) as readonly MethodDescriptor[]) {
    const run = impl[descriptor.method]!;
    const hasErrorField = descriptor.output.fields.some((f) => f.localName === 'error');
    const encode = (response: unknown) => encodeMessage(descriptor.output, response as never);
    const failed = (error: unknown): Uint8Array => {
      const message = error instanceof Error ? error.message : String(error);
      context.logger.error('host service failed', {
        service: service.service,
        method: descriptor.method,
        error: message,
      });
      if (!hasErrorField) throw error;
      return encodeMessage(descriptor.output, {
        error: `${service.service}.${descriptor.method} failed: ${message}`,
      } as never);
    };
    // A service that answers at once is answered at once (the inline guest then is not suspended); a failure
    // that is not answered in-band stays a rejection, which every engine reports as the guest call's trap.
    functions[descriptor.importName] = (bytes) => {
      let response: unknown;
      try {
        const request = decodeMessage(descriptor.input, bytes);
        try {
          response = run(request as never);
          if (!(response instanceof Promise)) return encode(response);
        } catch (error) {
          return failed(error);
        }
      } catch (error) {
        return Promise.reject(error);
      }
      return (response as Promise<unknown>).then(encode).then(undefined, failed);
    };
  }
  return functions;
}

interface MethodDescriptor {
  readonly method: string;
  readonly importName: string;
  readonly input: DescMessage;
  readonly output: DescMessage;
}
