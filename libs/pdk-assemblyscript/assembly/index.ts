// The public API of the AssemblyScript PDK. Capability exports are not here: an entry file re-exports
// the ones it implements from `@ndp/pdk-assemblyscript/assembly/gen/exports/<capability>`.
export { pdkAbort } from './abort';
export { NOT_FOUND, NOT_IMPLEMENTED, PluginError, fail, notFound, notImplemented, raise } from './errors';
export {
  readInput,
  readBlock,
  readBlockString,
  storeBytes,
  storeString,
  takeBlock,
  writeOutput,
} from './memory';
export { Log } from './log';
export { Http } from './http';
export { Cache } from './cache';
export { Config, PluginConfig } from './config';
export { Scheduled, Scheduler, SCHEDULE_REFUSED } from './scheduler';
export { NAME_SEPARATOR, NamedScheduler, registerNamedSchedulerCallback } from './named-scheduler';
export { WebSocket, WebSocketConnection } from './websocket';
export { Artwork } from './artwork';
export { JsonKind, JsonValue, JsonWriter, jsonQuote, parseJson, parseJsonBytes } from './json';
export * from './gen/index';
