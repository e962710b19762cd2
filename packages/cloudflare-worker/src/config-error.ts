// Responses the Worker gives before the app can: invalid configuration and the last-resort 500.
// Both say nothing about internals; the log line says what is wrong.

const PROBLEM_HEADERS = { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' };

export function configErrorResponse(): Response {
  return problem(
    500,
    'ERR_CONFIGURATION',
    'The service is not configured correctly; its logs say what to fix.',
  );
}

export function internalErrorResponse(): Response {
  return problem(500, 'ERR_INTERNAL', 'The server could not complete the request.');
}

function problem(status: number, code: string, detail: string): Response {
  const body = {
    type: `https://tokenfn.dev/problems/${code.toLowerCase().replace(/^err_/, '').replaceAll('_', '-')}`,
    title: 'Internal Server Error',
    status,
    detail,
    code,
  };
  return new Response(JSON.stringify(body), { status, headers: PROBLEM_HEADERS });
}
