// The entry of dist/index.mjs: the lite Fetch classes first (./web/install), then the handler. ES modules
// evaluate imports in order, so nothing the handler loads sees Node's own Headers, Request or Response.
import '../web/install';

export { handler } from '../lambda-entry';
