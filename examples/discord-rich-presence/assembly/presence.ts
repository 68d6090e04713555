// Presence Update (op 3) payloads: the "Listening to" activity of a track, and the empty one that clears it.
import { TrackInfo } from '@ndp/pdk-assemblyscript';
import { JsonWriter } from '@ndp/pdk-assemblyscript/assembly/json';

/** Discord's activity type "Listening". */
const LISTENING = 2;

function artistLine(track: TrackInfo): string {
  const names = new Array<string>();
  for (let i = 0; i < track.artists.length; i++) {
    if (track.artists[i].name != '') names.push(track.artists[i].name);
  }
  return names.join(' • ');
}

/**
 * The presence of `track` started at `startMs` (unix ms, already shifted back by the playback position):
 * details = track name, state = artists, timestamps start/end, `large_image` = `image` (left out when ""),
 * `large_text` = album.
 */
export function listeningPresence(track: TrackInfo, clientId: string, startMs: i64, image: string): string {
  const w = new JsonWriter();
  w.beginObject().key('activities').beginArray().beginObject();
  w.key('name').string('Navidrome').key('type').int(LISTENING);
  w.key('details').string(track.name).key('state').string(artistLine(track));
  w.key('application_id').string(clientId);
  w.key('timestamps').beginObject();
  w.key('start')
    .int(startMs)
    .key('end')
    .int(startMs + <i64>track.length * 1000);
  w.endObject();
  w.key('assets').beginObject();
  if (image != '') w.key('large_image').string(image);
  w.key('large_text').string(track.album);
  w.endObject();
  w.endObject().endArray();
  w.key('since').int(0).key('status').string('dnd').key('afk').bool(false);
  w.endObject();
  return w.toString();
}

/** A presence without activities: what Discord shows when nothing plays. */
export function clearedPresence(): string {
  return '{"activities":[],"since":0,"status":"online","afk":false}';
}
