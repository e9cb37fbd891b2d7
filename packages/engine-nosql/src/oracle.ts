import { oracleEngine } from './oracle/oracle-engine.js';

export { oracleEngine };
export { parseOracleUrl, ORACLE_DEFAULT_PORT, ORACLE_TCPS_PORT, type OracleTarget } from './oracle/oracle-url.js';
export { oracleDriverOptions, oracleConnectString, ORACLE_REQUIRED_UNSUPPORTED } from './oracle/oracle-ssl.js';
export { oracleWallet, throwawayCertificate, type OracleWallet } from './oracle/oracle-wallet.js';

/** The engines of this entry point: `[oracleEngine]`. Importing it loads no driver. */
export const engines = [oracleEngine] as const;
export { configureOracle, oracleOptions } from './oracle/oracle-configure.js';
