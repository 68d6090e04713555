// Every message the conformance tests cover: the contract's and the test-only ones, by full name.
import { createRegistry } from '@bufbuild/protobuf';
import type { DescMessage } from '@bufbuild/protobuf';
import {
  file_api_api,
  file_host_artwork_artwork,
  file_host_cache_cache,
  file_host_config_config,
  file_host_http_http,
  file_host_scheduler_scheduler,
  file_host_websocket_websocket,
  file_ndp_options,
} from '../gen/index.js';
import { file_ndptest_conformance } from './gen/ndptest/conformance_pb.js';

/** The protobuf-es registry of every generated file. */
const registry = createRegistry(
  file_api_api,
  file_host_artwork_artwork,
  file_host_cache_cache,
  file_host_config_config,
  file_host_http_http,
  file_host_scheduler_scheduler,
  file_host_websocket_websocket,
  file_ndp_options,
  file_ndptest_conformance,
);

/** Every message that becomes an AssemblyScript class (map entries do not), sorted by name. */
export const MESSAGES: DescMessage[] = [...registry]
  .filter((t): t is DescMessage => t.kind === 'message' && !t.proto.options?.mapEntry)
  .sort((a, b) => a.typeName.localeCompare(b.typeName));
