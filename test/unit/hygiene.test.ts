import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { isLoopback, listening } from '../hygiene';

describe('hygiene: listening sockets', () => {
  it('sees a socket on all interfaces as not loopback, and one on 127.0.0.1 as loopback', async () => {
    const open = (host: string) => new Promise<ReturnType<typeof createServer>>((resolve) => { const s = createServer(); s.listen(0, host, () => resolve(s)); });
    const [wide, local] = await Promise.all([open('0.0.0.0'), open('127.0.0.1')]);
    try {
      const found = listening([process.pid]);
      const wideSocket = found.find((s) => s.port === (wide.address() as AddressInfo).port);
      const localSocket = found.find((s) => s.port === (local.address() as AddressInfo).port);
      assert.equal(wideSocket?.address, '0.0.0.0');
      assert.equal(isLoopback(wideSocket!.address), false);
      assert.equal(localSocket?.address, '127.0.0.1');
      assert.equal(isLoopback(localSocket!.address), true);
    } finally {
      wide.close();
      local.close();
    }
  });
});
