// What worker threads load: these modules import nothing but Node builtins, so a worker never loads the domain.
// The `./worker` export has no `@ndp/source` condition on purpose: workers inherit the test runner's conditions but
// run JavaScript only, so they always load the built kit (the test setup builds it). Main-thread code imports
// these names from the package root instead.
export * from './channel/layout.js';
export { GuestChannel, type GuestChannelOptions, type GuestChannelSetup } from './channel/guest-channel.js';
export { errorText } from './guest/error-text.js';
export { httpRequestFrame, readHttpAnswer, type HttpAnswer } from './guest/http-frames.js';
export { LogBudget, type LogCaps } from './guest/log-budget.js';
