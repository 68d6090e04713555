// Conveniences over the generated CacheService client (permission `cache`). Values keep their type: a get of
// another type than was stored finds nothing (docs/contract.md §5).
import {
  GetRequest,
  HasRequest,
  RemoveRequest,
  SetBytesRequest,
  SetFloatRequest,
  SetIntRequest,
  SetStringRequest,
} from '@ndp/protocol/assembly/gen/host/cache/cache';
import { CacheService } from './gen/host/cache';

function getRequest(key: string): GetRequest {
  const req = new GetRequest();
  req.key = key;
  return req;
}

/**
 * The plugin's cache namespace on the host. `ttlSeconds` ≤ 0 means the host default (24 h); expiry is fixed
 * when the value is set. Each method imports only its own host function.
 */
export class Cache {
  /** The string stored under `key`, or null when absent, expired or of another type. */
  static getString(key: string): string | null {
    const res = CacheService.getString(getRequest(key));
    return res.exists ? res.value : null;
  }

  /** Stores a string; true when the host stored it. */
  static setString(key: string, value: string, ttlSeconds: i64 = 0): bool {
    const req = new SetStringRequest();
    req.key = key;
    req.value = value;
    req.ttlSeconds = ttlSeconds;
    return CacheService.setString(req).success;
  }

  /** The integer stored under `key`, or `fallback`. */
  static getInt(key: string, fallback: i64 = 0): i64 {
    const res = CacheService.getInt(getRequest(key));
    return res.exists ? res.value : fallback;
  }

  /** Stores an int64 exactly. */
  static setInt(key: string, value: i64, ttlSeconds: i64 = 0): bool {
    const req = new SetIntRequest();
    req.key = key;
    req.value = value;
    req.ttlSeconds = ttlSeconds;
    return CacheService.setInt(req).success;
  }

  /** The float stored under `key`, or `fallback`. */
  static getFloat(key: string, fallback: f64 = 0): f64 {
    const res = CacheService.getFloat(getRequest(key));
    return res.exists ? res.value : fallback;
  }

  /** Stores a double. */
  static setFloat(key: string, value: f64, ttlSeconds: i64 = 0): bool {
    const req = new SetFloatRequest();
    req.key = key;
    req.value = value;
    req.ttlSeconds = ttlSeconds;
    return CacheService.setFloat(req).success;
  }

  /** The bytes stored under `key`, or null. */
  static getBytes(key: string): Uint8Array | null {
    const res = CacheService.getBytes(getRequest(key));
    return res.exists ? res.value : null;
  }

  /** Stores bytes. */
  static setBytes(key: string, value: Uint8Array, ttlSeconds: i64 = 0): bool {
    const req = new SetBytesRequest();
    req.key = key;
    req.value = value;
    req.ttlSeconds = ttlSeconds;
    return CacheService.setBytes(req).success;
  }

  /** True when `key` holds a value of any type. */
  static has(key: string): bool {
    const req = new HasRequest();
    req.key = key;
    return CacheService.has(req).exists;
  }

  /** Removes `key`; true when something was removed. */
  static remove(key: string): bool {
    const req = new RemoveRequest();
    req.key = key;
    return CacheService.remove(req).success;
  }
}
