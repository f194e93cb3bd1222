// Starts a TypeScript worker thread: registers tsx in the thread, then imports the entry it was given (workerData).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
