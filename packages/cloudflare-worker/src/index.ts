// @tokenfn/cloudflare-worker: `wrangler deploy` serves this module's default export.
import { createWorker } from './worker';

export default createWorker();
