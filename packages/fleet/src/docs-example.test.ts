import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '@dbtls/core';
import { postgresEngine } from '@dbtls/engine-postgres';
import { validateFleetConfig } from './fleet-config.js';
import { prepareFleet } from './fleet-target.js';

const DOC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'check.md');

describe('docs/check.md', () => {
  it('its targets-file example is valid against the schema', async () => {
    const text = readFileSync(DOC, 'utf8');
    const block = /```yaml\n(# dbtls\.targets\.yaml\n[\s\S]*?)```/.exec(text)?.[1];
    expect(block, 'the dbtls.targets.yaml example in docs/check.md').toBeDefined();
    const { parse } = await import('yaml');
    const config = validateFleetConfig(parse(block!), 'docs/check.md');
    expect(config.targets.map((t) => t.name)).toEqual(['orders-db', 'billing-db', 'sessions', 'legacy-reporting']);
    expect(config.policy).toEqual({ minMode: 'verify-ca', warnDays: 30, failDays: 7 });
    // And the PostgreSQL target prepares: ${VAR} interpolated, the CA relative to the file.
    const dir = mkdtempSync(join(tmpdir(), 'dbtls-doc-example-'));
    mkdirSync(join(dir, 'certs'));
    writeFileSync(join(dir, 'certs', 'internal-ca.pem'), '');
    const orders = { ...config, dir, targets: config.targets.filter((t) => t.name === 'orders-db') };
    const { targets } = prepareFleet(orders, createRegistry([[postgresEngine]]), { env: { ORDERS_DB_PASSWORD: 'pw-from-env' } });
    expect(targets[0]).toMatchObject({ urlMode: 'verify-identity', displayUrl: 'postgres://orders:***@orders.db.internal:5432/orders?sslmode=verify-full', policy: { minMode: 'verify-ca', failDays: 7 } });
  });
});
