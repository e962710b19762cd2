// The contract suite against the Vercel Function's Web handler (api/index.ts), called with Web Requests on
// Node as Vercel's Node.js runtime calls `export default { fetch }`.
import { defineHandlerContract, itRefusesGatewayModeInProcess } from '@tokenfn/example-runtimes/contract';

const load = async () => {
  const { default: fn } = await import('../api/index.ts');
  return (request: Request) => fn.fetch(request);
};

defineHandlerContract('Vercel Function (examples/vercel/api/index.ts)', load);
itRefusesGatewayModeInProcess(load);
