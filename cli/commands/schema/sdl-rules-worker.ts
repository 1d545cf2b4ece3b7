// Worker thread of `atrium schema diff` (see sdl-rules-thread.ts): checks graphql-js's SDL rules on the plain
// schemas it is given while the main thread builds them, and posts back each file's errors, or `null` for a file
// that does not parse or is not a plain schema (the main thread reports and builds those itself).
import { parentPort, workerData } from 'node:worker_threads';
import { parseSdl, plainSdlErrors, type SdlError } from '../../../registry/checks/build-plain-schema.js';
import { detectSdlKind } from '../../../registry/checks/sdl-kind.js';
import type { SdlRulesRequest } from './sdl-rules-thread.js';

const { files } = workerData as SdlRulesRequest;
const results: (SdlError[] | null)[] = files.map(({ sdl, name }) => {
  const parsed = parseSdl(sdl, name);
  if (!parsed.ok || detectSdlKind(parsed.document, sdl) !== 'schema') return null;
  return plainSdlErrors(parsed.document);
});
parentPort?.postMessage(results);
