import type { IncomingMessage } from 'node:http';
import { HubErrors } from '../errors.js';

/**
 * Reads a request body up to `limitBytes`, rejecting with PAYLOAD_TOO_LARGE as soon as the declared
 * `content-length` or the bytes received exceed it (the rest of the body is discarded, not buffered).
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limitBytes) {
    req.resume();
    return Promise.reject(HubErrors.PAYLOAD_TOO_LARGE.create({ limitBytes }));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) {
        req.off('data', onData);
        req.resume();
        reject(HubErrors.PAYLOAD_TOO_LARGE.create({ limitBytes }));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      resolve(
        chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'),
      );
    });
    req.once('error', reject);
  });
}
