import { describeObjectStore } from './object-store-contract.js';
import { MemoryObjectStore } from './memory-objects.js';

// The in-memory store keeps the port's promises, so tests that use it prove what an adapter would do.
describeObjectStore('MemoryObjectStore', () => new MemoryObjectStore());
