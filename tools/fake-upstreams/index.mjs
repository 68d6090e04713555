// Fake upstream servers for the example plugins' tests: small, faithful stand-ins for Wikidata/Wikipedia, the
// Cover Art Archive and ListenBrainz, on 127.0.0.1 only.
export { startFakeServer } from './fake-server.mjs';
export { FAKE_WIKIMEDIA_ARTISTS, startFakeWikimedia } from './wikimedia.mjs';
export { FAKE_CAA_RELEASES, startFakeCoverArtArchive } from './cover-art-archive.mjs';
export { startFakeListenBrainz } from './listenbrainz.mjs';
export { startFakeDiscord } from './fake-discord.mjs';
