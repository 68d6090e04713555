import { afterAll, beforeAll, describe } from 'vitest';
import { describeSchedulerContract } from '@ndp/ports/testing';
import { redisSkipped, startRedis, type RedisServer } from '../../../../tools/redis-harness/index.mjs';
import { BullMqScheduler } from './bullmq-scheduler.js';

describe.skipIf(redisSkipped())('BullMqScheduler contract', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.close();
  });

  describeSchedulerContract('bullmq', () =>
    BullMqScheduler.connect({ url: redis.url, prefix: 'contract', closeTimeoutMs: 1_000 }),
  );
});
