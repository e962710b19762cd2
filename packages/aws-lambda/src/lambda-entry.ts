// The deployed entry, bundled into dist/index.mjs. Importing it is the Lambda init phase: it reads
// process.env, builds the app once and starts the first Secrets Manager fetch (not awaited: a failing
// store is logged and retried on the first request, it does not crash init).
import { createLambdaHandler } from './handler';

/** API Gateway HTTP API (payload 2.0), REST API (1.0) and Function URL handler. */
export const handler = createLambdaHandler({ env: process.env });
