export { contractCaseFailure, describeContract } from './contract-case.js';
export type { ContractCase } from './contract-case.js';
export { sleep, waitFor } from './wait.js';
export type { WaitForOptions } from './wait.js';
export { uniquePluginId } from './unique-plugin-id.js';

export { cacheContractCases, describeCacheContract } from './cache-contract.js';
export { withCache } from './cache-factory.js';
export type { CacheFactory } from './cache-factory.js';

export { describeSchedulerContract, schedulerContractCases } from './scheduler-contract.js';
export { INVALID_SCHEDULE_EXPRESSIONS, VALID_SCHEDULE_EXPRESSIONS } from './scheduler-contract-recurring.js';
export { payload, withScheduler } from './scheduler-harness.js';
export type {
  RecordedFire,
  SchedulerFactory,
  SchedulerHarness,
  WithSchedulerOptions,
} from './scheduler-harness.js';

export { describeEngineContract, engineContractCases } from './engine-contract.js';
export { ENGINE_FIXTURE_NAMES } from './engine-fixtures.js';
export type { EngineContractFixtures, EngineFixtureName } from './engine-fixtures.js';
export {
  DEFAULT_MEMORY_LIMIT,
  DEFAULT_TIMEOUT_MS,
  loadFixture,
  sha256Hex,
  withEngine,
} from './engine-harness.js';
export type { EngineContractSubject, EngineContractTraits, EngineFactory } from './engine-harness.js';
export { RecordingPluginLogger } from './recording-plugin-logger.js';
export { RecordingLogger } from './recording-logger.js';
export type { LogLine } from './recording-logger.js';
export type { PluginLogLevelName, RecordedLogLine } from './recording-plugin-logger.js';

// One fake per port (the contract of its port runs against it where one exists, in the spec beside it).
export { FakeEngine, fakeEngineFixtures } from './fakes/fake-engine.js';
export type { FakeModule } from './fakes/fake-engine.js';
export { FakeInstance } from './fakes/fake-instance.js';
export type { FakeCallContext, FakeExport } from './fakes/fake-instance.js';
export { InMemoryCache } from './fakes/in-memory-cache.js';
export { InMemoryScheduler } from './fakes/in-memory-scheduler.js';
export { LinkedBuses } from './fakes/linked-buses.js';
export { FakePluginStore } from './fakes/fake-plugin-store.js';
export { FakeHttpClient } from './fakes/fake-http-client.js';
export { FakeWebSocketClient } from './fakes/fake-websocket-client.js';
export { FixedClock } from './fakes/fixed-clock.js';
export { StaticConfigSource } from './fakes/static-config-source.js';
export { fakeArtworkUrls } from './fakes/fake-artwork-urls.js';
export { RecordingMetrics } from './fakes/recording-metrics.js';

export { clusterBusContractCases, describeClusterBusContract } from './cluster-bus-contract.js';
export { withNodes } from './cluster-bus-harness.js';
export type { ClusterBusSubject, RecordingNode } from './cluster-bus-harness.js';
