import type { EngineContractFixtures } from '@ndp/ports/testing';
export declare const engineContractFixtures: EngineContractFixtures;
