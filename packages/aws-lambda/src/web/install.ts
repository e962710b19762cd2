// Puts LiteHeaders, LiteRequest and LiteResponse in the place of the runtime's Headers, Request and
// Response. Imported first by the deployed bundle (src/bundle/entry.ts) and nowhere else.
//
// Why: on Node, the first use of any of the three loads Node's whole fetch implementation (undici), about
// 25 ms of a Lambda cold start, although a function that answers API Gateway events only needs them as
// data holders. The lite classes follow the Fetch standard for everything the app, Hono and jose use, and
// are checked against Node's own classes in tests/web-primitives.test.ts; the aws-lambda test suites also
// run with them installed (vitest.lite.config.ts). fetch() itself stays Node's.
import { LiteHeaders } from './headers';
import { installGlobal } from './native';
import { LiteRequest } from './request';
import { LiteResponse } from './response';

installGlobal('Headers', LiteHeaders);
installGlobal('Request', LiteRequest);
installGlobal('Response', LiteResponse);
