import { describeEngineContract } from '@ndp/ports/testing';
import { engineContractFixtures } from '../../../tools/engine-fixtures/index.mjs';
import { NodeEngine } from './node-engine.js';

describeEngineContract('node', () => new NodeEngine({ workers: 2 }), engineContractFixtures);
