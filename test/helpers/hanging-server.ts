/**
 * Servers that accept connections and never finish answering, for the deadline tests: `silent` reads the
 * request and never writes a byte; `stalled-body` sends a response head (status, `content-length`) and the
 * first bytes of a JSON body, then nothing more. Both keep the sockets open until `close()`.
 */
import { createServer, type Socket } from 'node:net';

export type HangingMode = 'silent' | 'stalled-body';

export interface HangingServer {
  readonly url: string;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

const STALLED_HEAD =
  'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 4096\r\n\r\n{"partial":';

export async function startHangingServer(mode: HangingMode): Promise<HangingServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', () => {
      if (mode === 'stalled-body') socket.write(STALLED_HEAD);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
