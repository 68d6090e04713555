// The ABI tables generated from the .proto files: the names a guest must export or import.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { capabilityExportName, hostImportName, snakeCase } from '../../../tools/protoc-gen-ndp/naming.mjs';
import {
  API_VERSION,
  ArtistBiographyRequestSchema,
  CAPABILITIES,
  GUEST_ENV_MODULE,
  HOST_SERVICES,
  HOST_USER_MODULE,
  HttpRequestSchema,
  HttpResponseSchema,
} from './index.js';

describe('the snake-case naming rule (go-plugin toSnakeCase)', () => {
  it.each([
    ['MetadataAgentGetArtistMBID', 'metadata_agent_get_artist_mbid'],
    ['MetadataAgentGetArtistURL', 'metadata_agent_get_artist_url'],
    ['WebSocketCallbackOnTextMessage', 'web_socket_callback_on_text_message'],
    ['SchedulerCallbackOnSchedulerCallback', 'scheduler_callback_on_scheduler_callback'],
    ['HTTPServer', 'http_server'],
    ['GetPluginConfig', 'get_plugin_config'],
    ['Get', 'get'],
    ['Rfc3339Nano', 'rfc3339_nano'],
  ])('%s → %s', (input, expected) => {
    expect(snakeCase(input)).toBe(expected);
  });

  it('joins service and method for exports, permission and method for imports', () => {
    expect(capabilityExportName('LifecycleManagement', 'OnInit')).toBe('lifecycle_management_on_init');
    expect(hostImportName('cache', 'SetString')).toBe('cache_set_string');
  });
});

describe('CAPABILITIES', () => {
  it('lists the five capabilities in contract order', () => {
    expect(Object.keys(CAPABILITIES)).toEqual([
      'MetadataAgent',
      'Scrobbler',
      'SchedulerCallback',
      'WebSocketCallback',
      'LifecycleManagement',
    ]);
  });

  it('has the exports Navidrome plugins already provide', () => {
    const exports = Object.fromEntries(
      Object.entries(CAPABILITIES).map(([name, c]) => [
        name,
        Object.values(c.methods).map((m) => m.exportName),
      ]),
    );
    expect(exports).toEqual({
      MetadataAgent: [
        'metadata_agent_get_artist_mbid',
        'metadata_agent_get_artist_url',
        'metadata_agent_get_artist_biography',
        'metadata_agent_get_similar_artists',
        'metadata_agent_get_artist_images',
        'metadata_agent_get_artist_top_songs',
        'metadata_agent_get_album_info',
        'metadata_agent_get_album_images',
      ],
      Scrobbler: ['scrobbler_is_authorized', 'scrobbler_now_playing', 'scrobbler_scrobble'],
      SchedulerCallback: ['scheduler_callback_on_scheduler_callback'],
      WebSocketCallback: [
        'web_socket_callback_on_text_message',
        'web_socket_callback_on_binary_message',
        'web_socket_callback_on_error',
        'web_socket_callback_on_close',
      ],
      LifecycleManagement: ['lifecycle_management_on_init'],
    });
  });

  it('points each method at its protobuf-es schemas', () => {
    const m = CAPABILITIES.MetadataAgent.methods.GetArtistBiography;
    expect(m.input).toBe(ArtistBiographyRequestSchema);
    expect(m.output.typeName).toBe('api.ArtistBiographyResponse');
    expect(CAPABILITIES.LifecycleManagement.methods.OnInit.input.typeName).toBe('api.InitRequest');
  });
});

describe('HOST_SERVICES', () => {
  it('maps each permission to its service and import names', () => {
    const table = Object.fromEntries(
      Object.entries(HOST_SERVICES).map(([p, h]) => [
        p,
        [h.service, ...Object.values(h.methods).map((m) => m.importName)],
      ]),
    );
    expect(table).toEqual({
      http: [
        'HttpService',
        'http_get',
        'http_post',
        'http_put',
        'http_delete',
        'http_patch',
        'http_head',
        'http_options',
      ],
      config: ['ConfigService', 'config_get_plugin_config'],
      scheduler: [
        'SchedulerService',
        'scheduler_schedule_one_time',
        'scheduler_schedule_recurring',
        'scheduler_cancel_schedule',
        'scheduler_time_now',
      ],
      websocket: [
        'WebSocketService',
        'websocket_connect',
        'websocket_send_text',
        'websocket_send_binary',
        'websocket_close',
      ],
      cache: [
        'CacheService',
        'cache_set_string',
        'cache_get_string',
        'cache_set_int',
        'cache_get_int',
        'cache_set_float',
        'cache_get_float',
        'cache_set_bytes',
        'cache_get_bytes',
        'cache_remove',
        'cache_has',
      ],
      artwork: ['ArtworkService', 'artwork_get_artist_url', 'artwork_get_album_url', 'artwork_get_track_url'],
    });
  });

  it('gives every HTTP method the same request and response schemas', () => {
    for (const m of Object.values(HOST_SERVICES.http.methods)) {
      expect(m.input).toBe(HttpRequestSchema);
      expect(m.output).toBe(HttpResponseSchema);
    }
  });

  it('declares the module names and API version once', () => {
    expect([API_VERSION, GUEST_ENV_MODULE, HOST_USER_MODULE]).toEqual([
      1,
      'extism:host/env',
      'extism:host/user',
    ]);
  });
});

describe('the domain contract (libs/domain/src/gen/contract.ts)', () => {
  const text = readFileSync(new URL('../../domain/src/gen/contract.ts', import.meta.url), 'utf8');

  it('has no imports', () => {
    expect(text).not.toMatch(/^\s*import\b/m);
  });

  it('holds the same names as the host tables', () => {
    for (const c of Object.values(CAPABILITIES)) {
      for (const m of Object.values(c.methods)) {
        expect(text).toContain(`{ method: '${m.method}', exportName: '${m.exportName}' }`);
      }
    }
    for (const h of Object.values(HOST_SERVICES)) {
      for (const m of Object.values(h.methods)) {
        expect(text).toContain(
          `{ service: '${h.service}', method: '${m.method}', importName: '${m.importName}' }`,
        );
      }
    }
    expect(text).toContain(
      "CAPABILITY_NAMES = ['MetadataAgent', 'Scrobbler', 'SchedulerCallback', 'WebSocketCallback', 'LifecycleManagement'] as const",
    );
    expect(text).toContain(
      "PERMISSION_NAMES = ['http', 'config', 'scheduler', 'websocket', 'cache', 'artwork'] as const",
    );
  });
});
