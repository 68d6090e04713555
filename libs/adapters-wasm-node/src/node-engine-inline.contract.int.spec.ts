import { describeEngineContract } from '@ndp/ports/testing';
import { engineContractFixtures } from '../../../tools/fixtures/engine/index.mjs';
import { NodeEngine } from './node-engine.js';

// Workers: 1 only so a fallback to the worker executor would still work; every fixture is expected to run inline,
// so compile waits for the transform (awaitInline) instead of serving the first instances from a worker.
describeEngineContract(
  'node (inline executor, yielding)',
  () => new NodeEngine({ workers: 1, executor: 'inline', awaitInline: true }),
  engineContractFixtures,
);
describeEngineContract(
  'node (inline executor, no yielding)',
  () => new NodeEngine({ workers: 1, executor: 'inline', yieldSliceMs: 0, awaitInline: true }),
  engineContractFixtures,
  { holdsEventLoop: true },
);
