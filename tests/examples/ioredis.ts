// docs/use-in-your-tool.md: an ioredis client; every connect and reconnect uses the configured TLS options.
import { Redis, type RedisOptions } from 'ioredis';
import { configure } from '@dbtls/core';
import { redisEngine } from '@dbtls/engine-nosql/redis';

export async function ioredisExample(url: string, caFile: string): Promise<string> {
  const cfg = await configure<[RedisOptions]>(redisEngine, { url, mode: 'verify-identity', caFile });
  const redis = new Redis(...cfg.args);
  try {
    return await redis.ping();
  } finally {
    await redis.quit();
  }
}
