// The Discord gateway side: one WebSocket per user (connection id = username), heartbeats on a named recurring
// schedule, the last sequence number in the cache. Nothing lives in the instance; every function here can run
// in any instance of the pool.
import { Cache, Http, NamedScheduler, WebSocket } from '@ndp/pdk-assemblyscript';
import { JsonWriter, parseJsonBytes } from '@ndp/pdk-assemblyscript/assembly/json';
import { apiUrl, gatewayOverride, heartbeatMs } from './settings';

/** Gateway opcodes used here (Discord's numbering). */
export const OP_DISPATCH = 0;
export const OP_HEARTBEAT = 1;
export const OP_IDENTIFY = 2;
export const OP_PRESENCE_UPDATE = 3;
export const OP_HELLO = 10;

// The original keeps sequence numbers for two heartbeats of 41 s; a longer configured period keeps them longer.
const MIN_SEQ_TTL_SECONDS: i64 = 82;

/** Cache key of the last sequence number the gateway sent on `username`'s connection. */
export function seqKey(username: string): string {
  return 'discord.seq.' + username;
}

/** Cache key of the heartbeat period the gateway announced (Hello) on `username`'s connection, in ms. */
export function intervalKey(username: string): string {
  return 'discord.interval.' + username;
}

function seqTtlSeconds(): i64 {
  const twoBeats = (heartbeatMs() * 2 + 999) / 1000;
  return twoBeats > MIN_SEQ_TTL_SECONDS ? twoBeats : MIN_SEQ_TTL_SECONDS;
}

/** Remembers the sequence number of a dispatch, for the next heartbeat. */
export function rememberSeq(username: string, seq: i64): void {
  Cache.setInt(seqKey(username), seq, seqTtlSeconds());
}

/** Sends Heartbeat (op 1) with the last sequence number, or null before any; "" or the host's error. */
export function sendHeartbeat(username: string): string {
  const w = new JsonWriter();
  w.beginObject().key('op').int(OP_HEARTBEAT).key('d');
  if (Cache.has(seqKey(username))) w.int(Cache.getInt(seqKey(username)));
  else w.nullValue();
  w.endObject();
  return WebSocket.connection(username).sendText(w.toString());
}

/** Sends one gateway payload `{"op":op,"d":<d>}` (`d` already JSON); "" or the host's error. */
export function sendOp(username: string, op: i32, d: string): string {
  return WebSocket.connection(username).sendText('{"op":' + op.toString() + ',"d":' + d + '}');
}

/** The `@every` expression of the heartbeat: the period Hello announced if known, else the `heartbeat` setting. */
export function heartbeatCron(username: string): string {
  const announced = Cache.getInt(intervalKey(username), 0);
  return '@every ' + (announced > 0 ? announced : heartbeatMs()).toString() + 'ms';
}

/** Starts (or moves to the current period) the recurring heartbeat of `username`; "" or why it failed. */
export function scheduleHeartbeat(heartbeat: NamedScheduler, username: string): string {
  return heartbeat.scheduleRecurring(heartbeatCron(username), new Uint8Array(0), username).error;
}

/**
 * Drops what the plugin keeps for a connection that is gone or going: the heartbeat schedule and the cached
 * sequence number and period. Safe to repeat; errors (nothing to cancel) are ignored on purpose.
 */
export function forgetConnection(heartbeat: NamedScheduler, username: string): void {
  heartbeat.cancelSchedule(username);
  Cache.remove(seqKey(username));
  Cache.remove(intervalKey(username));
}

/** Where to dial: `gateway_url`, else `{"url":...}` from `GET <api_url>/gateway`. */
class GatewayUrl {
  url: string = '';
  error: string = '';
}

function gatewayUrl(): GatewayUrl {
  const out = new GatewayUrl();
  const configured = gatewayOverride();
  if (configured != '') {
    out.url = configured;
    return out;
  }
  const res = Http.get(apiUrl() + '/gateway');
  if (res.error != '') out.error = 'discord: GET /gateway failed: ' + res.error;
  else if (res.status != 200) out.error = 'discord: GET /gateway answered ' + res.status.toString();
  else {
    const doc = parseJsonBytes(res.body);
    out.url = doc != null ? doc.getString('url') : '';
    if (out.url == '') out.error = 'discord: GET /gateway answered no url';
  }
  return out;
}

function identifyPayload(token: string): string {
  const w = new JsonWriter();
  w.beginObject().key('token').string(token).key('intents').int(0);
  w.key('properties').beginObject();
  w.key('os')
    .string('Windows 10')
    .key('browser')
    .string('Discord Client')
    .key('device')
    .string('Discord Client');
  w.endObject().endObject();
  return w.toString();
}

/**
 * Makes sure `username` has an identified gateway connection. A live one is detected the way the original
 * does it, by sending a heartbeat on it (the host answers "connection not found" for a socket that is gone);
 * otherwise it dials the gateway, identifies with `token` and starts the heartbeat. "" or what went wrong.
 */
export function ensureConnected(heartbeat: NamedScheduler, username: string, token: string): string {
  if (sendHeartbeat(username) == '') return '';
  // Whatever we knew about an earlier socket is stale now.
  forgetConnection(heartbeat, username);
  const target = gatewayUrl();
  if (target.error != '') return target.error;
  // The heartbeat is scheduled before dialing: the gateway's Hello (handled in OnTextMessage, possibly while this
  // call is still running) then moves it to the announced period, and nothing here can overwrite that afterwards.
  const scheduled = scheduleHeartbeat(heartbeat, username);
  if (scheduled != '') return 'discord: scheduling the heartbeat failed: ' + scheduled;
  const connection = WebSocket.connect(target.url, null, username);
  if (!connection.ok) {
    forgetConnection(heartbeat, username);
    return 'discord: connecting to the gateway failed: ' + connection.error;
  }
  const sent = sendOp(username, OP_IDENTIFY, identifyPayload(token));
  if (sent != '') return 'discord: identify failed: ' + sent;
  return '';
}

/** Cancels the heartbeat, closes the socket with `reason` and forgets the connection. */
export function disconnect(heartbeat: NamedScheduler, username: string, reason: string): void {
  forgetConnection(heartbeat, username);
  WebSocket.connection(username).close(1000, reason);
}
