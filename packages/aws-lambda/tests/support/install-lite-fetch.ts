// Vitest setup file of the aws-lambda-lite-fetch project: the bundle's lite Fetch classes as globals,
// checked to be in place, before any test module loads.
import '../../src/web/install';
import { LiteHeaders } from '../../src/web/headers';
import { LiteRequest } from '../../src/web/request';
import { LiteResponse } from '../../src/web/response';

if (
  globalThis.Headers !== (LiteHeaders as unknown) ||
  globalThis.Request !== (LiteRequest as unknown) ||
  globalThis.Response !== (LiteResponse as unknown)
) {
  throw new Error('the lite Fetch classes are not installed');
}
