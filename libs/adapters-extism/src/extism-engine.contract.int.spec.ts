import { describeEngineContract } from '@ndp/ports/testing';
import { engineContractFixtures } from '../../../tools/engine-fixtures/index.mjs';
import { ExtismEngine } from './extism-engine.js';

describeEngineContract('extism', () => new ExtismEngine(), engineContractFixtures);
