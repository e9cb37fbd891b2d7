// Subpath entry `@dbtls/engine-nosql/etcd`. Importing it loads no driver.
export { etcdEngine, engines } from './etcd/etcd-engine.js';
export { parseEtcdUrl, ETCD_DEFAULT_PORT, ETCD_SCHEMES, type EtcdTarget } from './etcd/etcd-url.js';
export { etcdDriverOptions } from './etcd/etcd-ssl.js';
export { ETCD_ERROR_PATTERNS } from './etcd/etcd-patterns.js';
export { configureEtcd } from './etcd/etcd-configure.js';
