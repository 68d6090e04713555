import { NdpError } from '@ndp/domain';
import type { ClusterBus, ClusterEnvelope, ClusterMessage, Logger } from '@ndp/ports';
import type { Redis } from 'ioredis';
import {
  closeRedis,
  connectRedis,
  messageOf,
  redisCall,
  type RedisConnectionOptions,
} from '../connection/redis-connection.js';
import { decodeEnvelope, encodeEnvelope } from './bus-codec.js';

type Handler = (envelope: ClusterEnvelope) => void | Promise<void>;

/** Options of {@link RedisClusterBus}. */
export interface RedisClusterBusOptions extends RedisConnectionOptions {
  /** This node's id, unique in the cluster. */
  readonly nodeId: string;
  /** The channel is `<prefix>:bus`. Default `ndp`. */
  readonly prefix?: string;
  /**
   * The largest encoded message `publish` accepts, in bytes. Default 16 MiB: below Redis's default hard limit
   * of 32 MiB on a subscriber's output buffer, past which Redis drops the subscriber's connection.
   */
  readonly maxMessageBytes?: number;
  /** Logs handlers that throw and messages that cannot be read. Default: none. */
  readonly logger?: Logger;
}

/** The default of {@link RedisClusterBusOptions.prefix}. */
export const DEFAULT_BUS_PREFIX = 'ndp';
/** The default of {@link RedisClusterBusOptions.maxMessageBytes}: 16 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/**
 * The cluster {@link ClusterBus} on Redis pub/sub: one channel, `<prefix>:bus`, that every node publishes to and
 * subscribes to (so a node receives its own messages, as the port asks).
 *
 * Guarantees (beyond the port's): messages of one node keep their order (one connection publishes, and Redis
 * keeps a connection's order); `Uint8Array` fields survive (see `encodeEnvelope`); the subscription is in place
 * when `connect` resolves, so nothing published afterwards is missed while Redis stays up. While Redis is gone,
 * `publish` rejects with `REDIS_UNAVAILABLE` within `commandTimeoutMs`; both connections come back by themselves
 * (ioredis re-subscribes). A message that cannot be read (another version, garbage) is logged and dropped.
 * Does not guarantee: delivery of messages published while a node was disconnected (pub/sub keeps nothing).
 *
 * @example
 * ```ts
 * const bus = await RedisClusterBus.connect({ url: 'redis://127.0.0.1:6379', nodeId: 'node-a' });
 * bus.subscribe(({ fromNodeId, message }) => console.log(fromNodeId, message.type));
 * ```
 */
export class RedisClusterBus implements ClusterBus {
  readonly nodeId: string;
  private readonly channel: string;
  private readonly maxMessageBytes: number;
  private readonly handlers = new Set<Handler>();
  private closed = false;

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly options: RedisClusterBusOptions,
  ) {
    this.nodeId = options.nodeId;
    this.channel = `${options.prefix ?? DEFAULT_BUS_PREFIX}:bus`;
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  /** Connects and subscribes; fails with `REDIS_UNAVAILABLE` (naming the URL) when Redis cannot be reached. */
  static async connect(options: RedisClusterBusOptions): Promise<RedisClusterBus> {
    if (typeof options.nodeId !== 'string' || options.nodeId === '') {
      throw new NdpError('CONFIG_INVALID', 'RedisClusterBus needs a non-empty nodeId');
    }
    const max = options.maxMessageBytes;
    if (max !== undefined && (!Number.isInteger(max) || max <= 0)) {
      throw new NdpError(
        'CONFIG_INVALID',
        `RedisClusterBus option maxMessageBytes must be a positive integer, got ${max}`,
      );
    }
    const publisher = await connectRedis(options, { name: `ndp-bus-pub-${options.nodeId}` });
    let subscriber: Redis | undefined;
    try {
      subscriber = await connectRedis(options, { name: `ndp-bus-sub-${options.nodeId}` });
      const bus = new RedisClusterBus(publisher, subscriber, options);
      subscriber.on('message', (channel: string, text: string) => bus.onMessage(channel, text));
      await redisCall(options.url, 'subscribe to the cluster bus', () => subscriber!.subscribe(bus.channel));
      return bus;
    } catch (error) {
      await closeRedis(publisher);
      if (subscriber) await closeRedis(subscriber);
      throw error;
    }
  }

  async publish(message: ClusterMessage): Promise<void> {
    if (this.closed) throw new Error(`the Redis cluster bus of node ${this.nodeId} is closed`);
    const text = encodeEnvelope(this.nodeId, message);
    const size = Buffer.byteLength(text, 'utf8');
    if (size > this.maxMessageBytes) {
      throw new NdpError(
        'INTERNAL',
        `a ${message.type} message of ${size} bytes is over the cluster bus limit of ${this.maxMessageBytes} bytes (maxMessageBytes)`,
      );
    }
    await redisCall(this.options.url, 'publish on the cluster bus', () =>
      this.publisher.publish(this.channel, text),
    );
  }

  subscribe(handler: Handler): () => void {
    const own: Handler = (envelope) => handler(envelope);
    if (!this.closed) this.handlers.add(own);
    return () => void this.handlers.delete(own);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handlers.clear();
    await Promise.all([closeRedis(this.subscriber), closeRedis(this.publisher)]);
  }

  private onMessage(channel: string, text: string): void {
    if (channel !== this.channel || this.closed) return;
    const envelope = decodeEnvelope(text);
    if (!envelope) {
      this.options.logger?.warn('cluster bus message dropped: not a message of this version', {
        channel,
        bytes: text.length,
      });
      return;
    }
    for (const handler of [...this.handlers]) {
      try {
        const outcome = handler(envelope);
        if (outcome instanceof Promise) outcome.catch((error: unknown) => this.report(error, envelope));
      } catch (error) {
        this.report(error, envelope);
      }
    }
  }

  private report(error: unknown, envelope: ClusterEnvelope): void {
    this.options.logger?.error('cluster bus handler failed', {
      type: envelope.message.type,
      fromNode: envelope.fromNodeId,
      error: messageOf(error),
    });
  }
}
