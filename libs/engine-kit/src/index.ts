export * from './worker.js';
export {
  WorkerDeadline,
  WorkerGone,
  WorkerLink,
  type WorkerLinkHost,
  type WorkerLinkOptions,
  type WorkerLinkSetup,
  type WorkerReply,
} from './channel/worker-link.js';
export { KitCompiledPlugin, type PreparedAnalysis } from './module/kit-compiled-plugin.js';
export { requireHostFunctions } from './module/require-host-functions.js';
