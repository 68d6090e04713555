import { describeCacheContract } from '../cache-contract.js';
import { InMemoryCache } from './in-memory-cache.js';

describeCacheContract('in-memory fake', () => new InMemoryCache());
