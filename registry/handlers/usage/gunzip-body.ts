/**
 * A `preParsing` hook that accepts `content-encoding: gzip`: the body is decompressed as it streams, and the
 * route's body limit applies to the decompressed bytes (a small gzip bomb fails with PAYLOAD_TOO_LARGE like
 * any large body). A corrupt stream fails with INVALID_INPUT, another encoding too.
 */
import { PassThrough, pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { preParsingHookHandler } from 'fastify';
import { RegistryErrors } from '../../errors.js';

export const gunzipBody: preParsingHookHandler = (request, _reply, payload, done) => {
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (encoding === undefined || encoding === '' || encoding === 'identity') {
    done(null, payload);
    return;
  }
  if (encoding !== 'gzip') {
    done(
      RegistryErrors.INVALID_INPUT.create({
        issues: [{ path: 'content-encoding', message: 'must be gzip or identity' }],
      }),
    );
    return;
  }
  let received = 0;
  payload.on('data', (chunk: Buffer) => {
    received += chunk.length;
  });
  const out = new PassThrough() as PassThrough & { receivedEncodedLength?: number };
  pipeline(payload, createGunzip(), out, (error) => {
    if (error) {
      out.destroy(
        RegistryErrors.INVALID_INPUT.create({
          issues: [{ path: 'body', message: 'the gzip stream is corrupt or incomplete' }],
        }),
      );
    }
  });
  // fastify compares the received length with `content-length`, which counts the compressed bytes.
  Object.defineProperty(out, 'receivedEncodedLength', { get: () => received });
  done(null, out as Readable);
};
