export { discoverServices } from './supervisor/service-catalog.js';
export type { ServiceEntry } from './supervisor/service-catalog.js';
export { repoRoot } from './repo-root.js';
