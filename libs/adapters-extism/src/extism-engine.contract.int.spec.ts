import { describeEngineContract } from '@ndp/ports/testing';
import { engineContractFixtures } from '../../../tools/fixtures/engine/index.mjs';
import { ExtismEngine } from './extism-engine.js';

describeEngineContract('extism', () => new ExtismEngine(), engineContractFixtures);
