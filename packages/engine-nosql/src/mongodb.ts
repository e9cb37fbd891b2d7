import { mongodbEngine } from './mongodb/mongodb-engine.js';

export { mongodbEngine };
export { parseMongodbUrl, MONGODB_TLS_PARAMS, MONGODB_DEFAULT_PORT, type MongodbTarget } from './mongodb/mongodb-url.js';
export { MONGODB_REFUSED_TLS_PARAMS } from './mongodb/mongodb-url.js';
export { readMongodbConnectionString, MONGODB_TARGET } from './mongodb/mongodb-reading.js';
export { mongodbDriverOptions, mongodbTlsOptions } from './mongodb/mongodb-ssl.js';

/** The engines of this entry point: `[mongodbEngine]`. Importing it loads no driver. */
export const engines = [mongodbEngine] as const;
export { configureMongodb } from './mongodb/mongodb-configure.js';
