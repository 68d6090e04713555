// Example plugin `discord-rich-presence`: shows what a user is playing as their Discord "Listening to" activity,
// through Discord's gateway. The plugin is stateless: the socket lives in the host
// (connection id = username), the heartbeat and the end-of-track cleanup are named schedules (id = username),
// and the gateway's sequence number and announced heartbeat period are in the cache.
import {
  Cache,
  Log,
  NamedScheduler,
  OnBinaryMessageRequest,
  OnBinaryMessageResponse,
  OnCloseRequest,
  OnCloseResponse,
  OnErrorRequest,
  OnErrorResponse,
  OnTextMessageRequest,
  OnTextMessageResponse,
  SchedulerCallback,
  SchedulerCallbackRequest,
  SchedulerCallbackResponse,
  Scheduler,
  Scrobbler,
  ScrobblerIsAuthorizedRequest,
  ScrobblerIsAuthorizedResponse,
  ScrobblerNowPlayingRequest,
  ScrobblerNowPlayingResponse,
  ScrobblerScrobbleRequest,
  ScrobblerScrobbleResponse,
  WebSocketCallback,
  fail,
  registerNamedSchedulerCallback,
  registerScrobbler,
  registerWebSocketCallback,
} from '@ndp/pdk-assemblyscript';
import { parseJson } from '@ndp/pdk-assemblyscript/assembly/json';
import { trackImage } from './asset';
import {
  OP_HELLO,
  OP_PRESENCE_UPDATE,
  disconnect,
  ensureConnected,
  forgetConnection,
  intervalKey,
  rememberSeq,
  scheduleHeartbeat,
  sendHeartbeat,
  sendOp,
} from './gateway';
import { clearedPresence, listeningPresence } from './presence';
import { clientId, closeDelaySeconds, tokenOf } from './settings';

/** Recurring: keeps each user's gateway connection alive. */
class Heartbeat extends SchedulerCallback {
  onSchedulerCallback(request: SchedulerCallbackRequest): SchedulerCallbackResponse | null {
    const username = request.scheduleId;
    const error = sendHeartbeat(username);
    if (error != '') {
      // The socket is gone: stop beating and forget it, so the next NowPlaying dials again.
      disconnect(heartbeat, username, 'Connection lost');
      fail('discord: heartbeat for "' + username + '" failed: ' + error);
      return null;
    }
    return new SchedulerCallbackResponse();
  }
}

/** One-time, at the end of a track (+ close_delay): clears the activity and hangs up. */
class CloseActivity extends SchedulerCallback {
  onSchedulerCallback(request: SchedulerCallbackRequest): SchedulerCallbackResponse | null {
    const username = request.scheduleId;
    const error = sendOp(username, OP_PRESENCE_UPDATE, clearedPresence());
    if (error != '') Log.warn('discord: clearing the activity of "' + username + '" failed: ' + error);
    disconnect(heartbeat, username, 'Navidrome disconnect');
    return new SchedulerCallbackResponse();
  }
}

const heartbeat: NamedScheduler = registerNamedSchedulerCallback('heartbeat', new Heartbeat());
const closeActivity: NamedScheduler = registerNamedSchedulerCallback('close-activity', new CloseActivity());

/** Unix ms at which the track started: the request's timestamp minus the position, or now when it has none. */
function startedAtMs(timestamp: i64, position: i32): i64 {
  const nowMs = timestamp > 0 ? timestamp * 1000 : Scheduler.now().unixMilli;
  return nowMs - <i64>position * 1000;
}

class DiscordScrobbler extends Scrobbler {
  isAuthorized(request: ScrobblerIsAuthorizedRequest): ScrobblerIsAuthorizedResponse | null {
    const res = new ScrobblerIsAuthorizedResponse();
    res.authorized = request.username != '' && tokenOf(request.username).token != '';
    return res;
  }

  nowPlaying(request: ScrobblerNowPlayingRequest): ScrobblerNowPlayingResponse | null {
    const res = new ScrobblerNowPlayingResponse();
    const track = request.track;
    if (track == null || track.name == '') {
      res.error = 'discord: the request has no track';
      return res;
    }
    const username = request.username;
    const lookup = tokenOf(username);
    if (lookup.error != '') {
      res.error = lookup.error;
      return res;
    }
    const app = clientId();
    if (app == '') {
      res.error = 'discord: no application id configured (config key "clientid")';
      return res;
    }
    const connected = ensureConnected(heartbeat, username, lookup.token);
    if (connected != '') {
      res.error = connected;
      return res;
    }
    // A previous track's cleanup must not clear this one; "schedule not found" is the normal case.
    closeActivity.cancelSchedule(username);
    const image = trackImage(track.id, app, lookup.token);
    const presence = listeningPresence(track, app, startedAtMs(request.timestamp, track.position), image);
    const sent = sendOp(username, OP_PRESENCE_UPDATE, presence);
    if (sent != '') {
      res.error = 'discord: sending the activity failed: ' + sent;
      return res;
    }
    let remaining = track.length - track.position;
    if (remaining < 0) remaining = 0;
    const scheduled = closeActivity.scheduleOneTime(
      remaining + closeDelaySeconds(),
      new Uint8Array(0),
      username,
    );
    if (!scheduled.ok) res.error = 'discord: scheduling the activity cleanup failed: ' + scheduled.error;
    return res;
  }

  scrobble(request: ScrobblerScrobbleRequest): ScrobblerScrobbleResponse | null {
    // Discord only shows what plays now; a finished listen has nothing to update.
    return new ScrobblerScrobbleResponse();
  }
}

class Gateway extends WebSocketCallback {
  onTextMessage(request: OnTextMessageRequest): OnTextMessageResponse | null {
    const username = request.connectionId;
    const doc = parseJson(request.message);
    if (doc == null || !doc.isObject) {
      Log.warn('discord: the gateway sent something that is not a JSON object on "' + username + '"');
      return new OnTextMessageResponse();
    }
    const s = doc.get('s');
    if (s != null && !s.isNull) rememberSeq(username, <i64>s.numberValue);
    if (<i32>doc.getNumber('op', -1) == OP_HELLO) {
      const d = doc.get('d');
      const intervalMs = d != null ? <i64>d.getNumber('heartbeat_interval', 0) : 0;
      if (intervalMs > 0) {
        // The gateway decides the period; beating slower than it asks gets the socket closed.
        Cache.setInt(intervalKey(username), intervalMs);
        const error = scheduleHeartbeat(heartbeat, username);
        if (error != '') Log.warn('discord: rescheduling the heartbeat failed: ' + error);
      }
    }
    return new OnTextMessageResponse();
  }

  onBinaryMessage(request: OnBinaryMessageRequest): OnBinaryMessageResponse | null {
    Log.debug('discord: ignored a binary message on "' + request.connectionId + '"');
    return new OnBinaryMessageResponse();
  }

  onError(request: OnErrorRequest): OnErrorResponse | null {
    Log.warn('discord: gateway error on "' + request.connectionId + '": ' + request.error);
    forgetConnection(heartbeat, request.connectionId);
    return new OnErrorResponse();
  }

  onClose(request: OnCloseRequest): OnCloseResponse | null {
    Log.info(
      'discord: gateway connection of "' +
        request.connectionId +
        '" closed (' +
        request.code.toString() +
        (request.reason != '' ? ' ' + request.reason : '') +
        ')',
    );
    forgetConnection(heartbeat, request.connectionId);
    return new OnCloseResponse();
  }
}

registerScrobbler(new DiscordScrobbler());
registerWebSocketCallback(new Gateway());

export * from '@ndp/pdk-assemblyscript/assembly/gen/exports/scrobbler';
export * from '@ndp/pdk-assemblyscript/assembly/gen/exports/scheduler_callback';
export * from '@ndp/pdk-assemblyscript/assembly/gen/exports/web_socket_callback';
