// The contract suite against the Netlify Function's Web handler (netlify/functions/tokenfn.ts), called with
// Web Requests and a context on Node as Netlify Functions v2 call it.
import { defineHandlerContract, itRefusesGatewayModeInProcess } from '@tokenfn/example-runtimes/contract';

const load = async () => {
  const { default: fn } = await import('../netlify/functions/tokenfn.ts');
  return (request: Request) => fn(request, { ip: '203.0.113.7' });
};

defineHandlerContract('Netlify Function (examples/netlify/netlify/functions/tokenfn.ts)', load);
itRefusesGatewayModeInProcess(load);
