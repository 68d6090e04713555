// What worker threads load: these modules import nothing but Node builtins, so a worker never loads the domain.
export * from './channel/layout.js';
export { GuestChannel, type GuestChannelOptions, type GuestChannelSetup } from './channel/guest-channel.js';
