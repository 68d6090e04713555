import type { PluginManager } from '@ndp/application';
import { isCapabilityName } from '@ndp/domain';
import {
  CAPABILITIES,
  fromBinary,
  fromJson,
  toBinary,
  toJson,
  type DescMessage,
  type JsonValue,
} from '@ndp/protocol';
import { readJson } from '../body.js';
import { HttpProblem } from '../http-error.js';
import type { Router } from '../router.js';

function descriptorOf(capability: string, method: string): { input: DescMessage; output: DescMessage } {
  if (!isCapabilityName(capability))
    throw new HttpProblem('ROUTE_NOT_FOUND', `"${capability}" is not a capability`);
  const methods = CAPABILITIES[capability].methods as Readonly<
    Record<string, { input: DescMessage; output: DescMessage }>
  >;
  if (!Object.hasOwn(methods, method))
    throw new HttpProblem('ROUTE_NOT_FOUND', `capability ${capability} has no method "${method}"`);
  return methods[method]!;
}

/**
 * `POST /api/plugins/:id/call/:capability/:method` (admin token required): calls one method of one plugin, with
 * the request message in protobuf JSON form as the body, and answers the response message in the same form. For
 * operators trying a plugin; a failed call answers the call's error code and message (as every route does).
 */
export function pluginCallRoutes(router: Router, manager: PluginManager): void {
  router.post(
    '/api/plugins/:id/call/:capability/:method',
    async (ctx) => {
      const { id, capability, method } = ctx.params as Record<'id' | 'capability' | 'method', string>;
      const { input, output } = descriptorOf(capability, method);
      let request;
      try {
        request = fromJson(input, (await readJson(ctx.req)) as JsonValue);
      } catch (e) {
        if (e instanceof HttpProblem) throw e;
        throw new HttpProblem('BAD_REQUEST', `invalid ${method} request: ${(e as Error).message}`);
      }
      const bytes = await manager.call(id, capability as never, method, toBinary(input, request));
      return toJson(output, fromBinary(output, bytes));
    },
    { admin: true },
  );
}
