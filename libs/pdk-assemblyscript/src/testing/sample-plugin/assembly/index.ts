// A sample plugin for src/pdk.int.spec.ts, written the way an author writes one.
import {
  AlbumInfo,
  AlbumInfoRequest,
  AlbumInfoResponse,
  ArtistBiographyRequest,
  ArtistBiographyResponse,
  ArtistMBIDRequest,
  ArtistMBIDResponse,
  ArtistTopSongsRequest,
  ArtistTopSongsResponse,
  ArtistURLRequest,
  ArtistURLResponse,
  Cache,
  Config,
  MetadataAgent,
  SchedulerCallback,
  SchedulerCallbackRequest,
  SchedulerCallbackResponse,
  Song,
  fail,
  registerMetadataAgent,
  registerNamedSchedulerCallback,
} from '@ndp/pdk-assemblyscript';

class Heartbeat extends SchedulerCallback {
  onSchedulerCallback(request: SchedulerCallbackRequest): SchedulerCallbackResponse | null {
    // The response's in-band error doubles as an echo, so the spec can see what the callback received.
    const res = new SchedulerCallbackResponse();
    res.error =
      'heartbeat:' +
      request.scheduleId +
      ':' +
      String.UTF8.decodeUnsafe(request.payload.dataStart, <usize>request.payload.length);
    return res;
  }
}

const heartbeat = registerNamedSchedulerCallback('heartbeat', new Heartbeat());

class SampleAgent extends MetadataAgent {
  // Data: echoes the (possibly non-ASCII) name, so the spec checks UTF-8 both ways.
  getArtistBiography(request: ArtistBiographyRequest): ArtistBiographyResponse | null {
    const res = new ArtistBiographyResponse();
    res.biography = 'Biography of ' + request.name + ' (' + request.name.length.toString() + ' UTF-16 units)';
    return res;
  }

  // Returning null with nothing recorded answers plugin:not_found.
  getArtistMBID(request: ArtistMBIDRequest): ArtistMBIDResponse | null {
    return null;
  }

  // A host call: the URL comes from the host's cache; a miss is a free-text error.
  getArtistURL(request: ArtistURLRequest): ArtistURLResponse | null {
    const url = Cache.getString('url:' + request.name);
    if (url == null) {
      fail('no cached url for ' + request.name);
      return null;
    }
    const res = new ArtistURLResponse();
    res.url = url;
    return res;
  }

  // Extism config (config_get).
  getAlbumInfo(request: AlbumInfoRequest): AlbumInfoResponse | null {
    const greeting = Config.get('greeting');
    const info = new AlbumInfo();
    info.name = request.name;
    info.description = greeting != null ? greeting : '<unset>';
    const res = new AlbumInfoResponse();
    res.info = info;
    return res;
  }

  // Named scheduling: the artist name is the cron expression, the result travels back as song names.
  getArtistTopSongs(request: ArtistTopSongsRequest): ArtistTopSongsResponse | null {
    const scheduled = heartbeat.scheduleRecurring(request.artistName, new Uint8Array(0), request.id);
    const song = new Song();
    song.name = scheduled.ok ? 'id:' + scheduled.scheduleId : 'error:' + scheduled.error;
    const res = new ArtistTopSongsResponse();
    res.songs.push(song);
    return res;
  }
}

registerMetadataAgent(new SampleAgent());

export * from '@ndp/pdk-assemblyscript/assembly/gen/exports/metadata_agent';
export * from '@ndp/pdk-assemblyscript/assembly/gen/exports/scheduler_callback';
// Exported but never registered: every call answers plugin:not_implemented.
export * from '@ndp/pdk-assemblyscript/assembly/gen/exports/scrobbler';
