import { once } from 'node:events';
import { createServer } from 'node:net';

/**
 * A port the system has just handed out as free. A random pick from a fixed range can meet a port
 * in use — the ephemeral range holds every outgoing connection's local port.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}
