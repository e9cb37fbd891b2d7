// Subpath entry `@dbtls/engine-nosql/redis`. Importing it loads no driver.
export { redisEngine, engines } from './redis/redis-engine.js';
export { parseRedisUrl, REDIS_DEFAULT_PORT, REDIS_SCHEMES, type RedisTarget, type RedisScheme } from './redis/redis-url.js';
export { readRedisConnectionString, REDIS_PY_TARGET, IOREDIS_TARGET } from './redis/redis-reading.js';
export { redisDriverOptions } from './redis/redis-ssl.js';
export { REDIS_ERROR_PATTERNS } from './redis/redis-patterns.js';
export { configureRedis } from './redis/redis-configure.js';
