export { mssqlEngine, engines } from './mssql-engine.js';
export { parseMssqlUrl, MSSQL_DEFAULT_PORT, MSSQL_URL_PARAMS, type MssqlTarget } from './mssql-url.js';
export { mssqlDriverOptions } from './mssql-ssl.js';
export { MSSQL_ERROR_PATTERNS } from './mssql-patterns.js';
export { negotiateTds, decideTds, requestedEncryption, type NegotiatedTds, type TdsDecision, type TdsNegotiationError } from './mssql-negotiate.js';
export { ENCRYPT, ENCRYPT_NAMES, encryptName, parsePrelogin, buildPrelogin, encodePackets, TdsPacketReader, TDS_PACKET, type EncryptName, type PreloginPayload, type TdsPacket } from './mssql-prelogin.js';
export { PreloginTlsCarrier, TdsTransport } from './mssql-transport.js';
