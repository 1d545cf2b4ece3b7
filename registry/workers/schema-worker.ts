// The schema worker thread (started by worker-pool.ts): runs one task at a time, keeping composition caches
// (built subgraphs, compositions, API schemas) from task to task.
import { parentPort } from 'node:worker_threads';
import { Composer } from '../services/composition.js';
import { WORKER_READY, type WorkerReply, type WorkerRequest } from './worker-protocol.js';
import { runSchemaTask, type SchemaTask } from './schema-tasks.js';

const port = parentPort;
if (!port) throw new Error('schema-worker runs as a worker thread');
const composer = new Composer();

port.on('message', (request: WorkerRequest<SchemaTask>) => {
  runSchemaTask(request.task, composer).then(
    (value) => port.postMessage({ id: request.id, ok: true, value } satisfies WorkerReply<unknown>),
    (error: unknown) => {
      const failure =
        error instanceof Error
          ? { message: error.message, stack: error.stack ?? '' }
          : { message: String(error), stack: '' };
      port.postMessage({ id: request.id, ok: false, error: failure } satisfies WorkerReply<unknown>);
    },
  );
});
port.postMessage(WORKER_READY);
