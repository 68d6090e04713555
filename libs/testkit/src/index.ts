export { loadPlugin, PluginUnderTest } from './plugin-under-test.js';
export type { CallFailure, GuestLogLine, LoadPluginOptions } from './plugin-under-test.js';
export { HttpExpectations } from './http-expectations.js';
export type { ExpectOptions, HttpReply, RecordedRequest } from './http-expectations.js';
export type { RecordedSchedule } from './recording-scheduler.js';
export type { RecordedConnection } from './recording-websocket.js';
export type { CacheValue } from '@ndp/ports';
