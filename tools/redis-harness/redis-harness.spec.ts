import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_HINT, redisSkipped, startRedis, type RedisServer } from './index.mjs';

/** Sends one inline command over a raw socket and resolves with its reply (one CRLF-terminated reply). */
function send(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    socket.once('error', reject);
    socket.once('connect', () => socket.write(command));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.endsWith('\r\n')) {
        socket.destroy();
        resolve(reply);
      }
    });
  });
}

describe.skipIf(redisSkipped())('redis harness', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('runs a real redis-server on 127.0.0.1 whose data survives a restart on the same port (AOF)', async () => {
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await send(redis.port, 'SET harness:k kept\r\n')).toBe('+OK\r\n');
    await redis.stop();
    expect(redis.running).toBe(false);
    await expect(send(redis.port, 'PING\r\n')).rejects.toThrow(/ECONNREFUSED/);
    await redis.start();
    expect(redis.running).toBe(true);
    expect(await send(redis.port, 'GET harness:k\r\n')).toBe('$4\r\nkept\r\n');
  });
});

describe('redis harness without redis-server', () => {
  it('fails with a message saying how to install it', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startRedis()).rejects.toThrow(INSTALL_HINT);
    } finally {
      process.env.PATH = path;
    }
    expect(INSTALL_HINT).toMatch(/apt-get install -y redis-server/);
    expect(INSTALL_HINT).toMatch(/NDP_SKIP_REDIS=1/);
  });
});
