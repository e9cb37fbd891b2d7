import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isIpAddress } from './ip-address.js';

describe('isIpAddress agrees with net.isIP', () => {
  it.each(['127.0.0.1', '0.0.0.0', '255.255.255.255', '256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '::1', '[::1]', 'fe80::1%eth0', '::ffff:127.0.0.1', 'localhost', 'db.example.com', '', '1.2.3.04', 'a:b'])('%s', (name) => {
    expect(isIpAddress(name)).toBe(isIP(name.replace(/^\[(.*)\]$/, '$1')) !== 0);
  });
});
