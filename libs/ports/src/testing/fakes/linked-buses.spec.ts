import { describeClusterBusContract } from '../cluster-bus-contract.js';
import { LinkedBuses } from './linked-buses.js';

const buses = new LinkedBuses();
describeClusterBusContract('linked fake', { open: (nodeId) => buses.bus(nodeId) });
