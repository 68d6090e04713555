import { describeSchedulerContract } from '../scheduler-contract.js';
import { InMemoryScheduler } from './in-memory-scheduler.js';

describeSchedulerContract('in-memory fake', () => new InMemoryScheduler());
