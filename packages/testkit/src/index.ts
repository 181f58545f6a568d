export { isReachable, requireService, serviceUrls } from './services.js';
export type { ServiceName } from './services.js';
export { waitFor } from './wait.js';
