import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { askPlain, HTTP_QUESTION, MONGODB_QUESTION, RESP_QUESTION, TNS_QUESTION } from './plain-answer.js';

const servers: net.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function serve(onData: (socket: net.Socket, data: Buffer) => void): Promise<number> {
  const server = net.createServer((s) => {
    s.on('error', () => undefined);
    s.on('data', (d) => onData(s, d));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

describe('askPlain', () => {
  it('recognises RESP, HTTP, MongoDB and TNS answers', async () => {
    expect(await askPlain('127.0.0.1', await serve((s) => s.write('-NOAUTH Authentication required.\r\n')), RESP_QUESTION, { timeoutMs: 1000 })).toBe('-NOAUTH Authentication required.');
    expect(await askPlain('127.0.0.1', await serve((s) => s.end('HTTP/1.1 404 Not Found\r\n\r\n')), HTTP_QUESTION, { timeoutMs: 1000 })).toBe('HTTP/1.1 404 Not Found');
    const reply = Buffer.alloc(16);
    reply.writeInt32LE(16, 0);
    reply.writeInt32LE(2013, 12);
    expect(await askPlain('127.0.0.1', await serve((s, d) => (d.readInt32LE(12) === 2013 ? s.write(reply) : s.destroy())), MONGODB_QUESTION, { timeoutMs: 1000 })).toBe('opCode 2013 reply');
    const refuse = Buffer.from([0, 10, 0, 0, 4, 0, 0, 0, 0, 0]);
    expect(await askPlain('127.0.0.1', await serve((s, d) => (d[4] === 1 ? s.write(refuse) : s.destroy())), TNS_QUESTION, { timeoutMs: 1000 })).toBe('TNS REFUSE');
  });
  it('silence, a reset and non-protocol bytes are no answer', async () => {
    const started = Date.now();
    expect(await askPlain('127.0.0.1', await serve(() => undefined), RESP_QUESTION, { timeoutMs: 300 })).toBeNull();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await askPlain('127.0.0.1', await serve((s) => s.resetAndDestroy()), RESP_QUESTION, { timeoutMs: 1000 })).toBeNull();
    expect(await askPlain('127.0.0.1', await serve((s) => s.end('\x15\x03\x03\x00\x02\x02\x28')), HTTP_QUESTION, { timeoutMs: 1000 })).toBeNull();
  });
});
