import { describeEngineContract } from '@ndp/ports/testing';
import { engineContractFixtures } from '../../../tools/fixtures/engine/index.mjs';
import { NodeEngine } from './node-engine.js';

describeEngineContract(
  'node (worker executor)',
  () => new NodeEngine({ workers: 2, executor: 'worker' }),
  engineContractFixtures,
);
