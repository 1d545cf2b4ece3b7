import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { execute, parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';

/**
 * A deliberately minimal GraphQL-over-HTTP server (POST JSON in, `application/json` out) so the
 * example subgraphs cost next to nothing in throughput benchmarks: parsing and validation are
 * cached per query string, and each request is one `execute`.
 */

export interface GraphQLRequestRecord {
  query: string;
  variables: unknown;
  operationName?: string;
  headers: IncomingHttpHeaders;
}

export interface GraphQLHttpServerOptions {
  schema: GraphQLSchema;
  onRequest?: (record: GraphQLRequestRecord) => void;
  /** Validated documents kept per query string; the oldest is evicted first. */
  maxCachedDocuments?: number;
}

interface GraphQLRequestBody {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

type CachedDocument = { document: DocumentNode } | { errors: readonly GraphQLError[] };

const DEFAULT_MAX_CACHED_DOCUMENTS = 1000;
const MAX_BODY_BYTES = 1024 * 1024;

class DocumentCache {
  readonly #entries = new Map<string, CachedDocument>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly maxEntries: number,
  ) {}

  get(query: string): CachedDocument {
    let entry = this.#entries.get(query);
    if (entry === undefined) {
      entry = this.#prepare(query);
      if (this.#entries.size >= this.maxEntries) {
        const oldest = this.#entries.keys().next();
        if (oldest.done !== true) this.#entries.delete(oldest.value);
      }
      this.#entries.set(query, entry);
    }
    return entry;
  }

  #prepare(query: string): CachedDocument {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return { errors: [error as GraphQLError] };
    }
    const errors = validate(this.schema, document);
    return errors.length > 0 ? { errors } : { document };
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseRequestBody(text: string): GraphQLRequestBody | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const { query, variables, operationName } = body as Record<string, unknown>;
  if (typeof query !== 'string') return undefined;
  if (variables != null && typeof variables !== 'object') return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  return {
    query,
    variables: (variables ?? null) as Record<string, unknown> | null,
    operationName: operationName ?? null,
  };
}

function sendJson(response: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

export function createGraphQLHttpServer(options: GraphQLHttpServerOptions): Server {
  const documents = new DocumentCache(
    options.schema,
    options.maxCachedDocuments ?? DEFAULT_MAX_CACHED_DOCUMENTS,
  );

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      sendJson(response, 405, { errors: [{ message: 'Only POST is supported.' }] });
      return;
    }
    const body = parseRequestBody(await readBody(request));
    if (body === undefined) {
      sendJson(response, 400, { errors: [{ message: 'Expected a JSON body with a "query" string.' }] });
      return;
    }
    const record: GraphQLRequestRecord = {
      query: body.query,
      variables: body.variables,
      headers: request.headers,
    };
    if (body.operationName != null) record.operationName = body.operationName;
    options.onRequest?.(record);

    const prepared = documents.get(body.query);
    if ('errors' in prepared) {
      sendJson(response, 200, { errors: prepared.errors });
      return;
    }
    const result = await execute({
      schema: options.schema,
      document: prepared.document,
      variableValues: body.variables,
      operationName: body.operationName,
      contextValue: {},
    });
    sendJson(response, 200, result);
  }

  const server = createServer({ keepAlive: true }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) response.destroy();
      else
        sendJson(response, 500, {
          errors: [{ message: error instanceof Error ? error.message : 'Internal error' }],
        });
    });
  });
  // Clients such as the gateway's fetcher reuse connections; keep them open longer than their pools do.
  server.keepAliveTimeout = 65_000;
  return server;
}
