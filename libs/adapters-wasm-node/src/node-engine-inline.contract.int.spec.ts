import { describeEngineContract } from '@ndp/ports/testing';
import { engineContractFixtures } from '../../../tools/engine-fixtures/index.mjs';
import { NodeEngine } from './node-engine.js';

// Workers: 1 only so a fallback to the worker executor would still work; every fixture is expected to run inline.
describeEngineContract(
  'node (inline executor, yielding)',
  () => new NodeEngine({ workers: 1, executor: 'inline' }),
  engineContractFixtures,
);
describeEngineContract(
  'node (inline executor, no yielding)',
  () => new NodeEngine({ workers: 1, executor: 'inline', yieldSliceMs: 0 }),
  engineContractFixtures,
);
