// GetSecretValue through the AWS Parameters and Secrets Lambda Extension: a GET to the extension's HTTP
// endpoint on localhost (PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, 2773 by default), authenticated by the
// function's session token, answered with GetSecretValue's JSON. The extension, a separate process of the
// execution environment, makes the signed TLS call to Secrets Manager; this process loads neither TLS nor
// a signer, which is most of what a direct client costs a cold start (`pnpm bench cold-start`).
//
// Errors are SecretsManagerError like the direct client's: `name` is the service's error type when the
// extension passes one on, else `ExtensionHttp<status>` or the network error code. A body is never put in
// an error.
import type { IncomingMessage } from 'node:http';
import {
  collectBody,
  type GetSecretValue,
  type GetSecretValueOutput,
  SecretsManagerError,
} from './secrets-manager-client';

export interface SecretsExtensionOptions {
  /** the extension's port (PARAMETERS_SECRETS_EXTENSION_HTTP_PORT) */
  port: number;
  /** the function's session token (AWS_SESSION_TOKEN), read for every request */
  sessionToken: () => string | undefined;
  /** attempts per call, including the first; a refused connection (the extension still starting), 5xx and timeouts are retried */
  maxAttempts: number;
  /** whole-response timeout per attempt */
  requestTimeoutMs: number;
}

const MAX_RESPONSE_BYTES = 128 * 1024;
const RETRY_DELAY_MS = 50;

export function createExtensionGetSecretValue(o: SecretsExtensionOptions): GetSecretValue {
  // node:http through getBuiltinModule: an ES import of it loads undici on Node 22 and later.
  const http = process.getBuiltinModule('node:http');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });

  const once = (secretId: string, signal: AbortSignal): Promise<GetSecretValueOutput> =>
    new Promise((resolve, reject) => {
      const token = o.sessionToken();
      if (!token) {
        reject(
          new SecretsManagerError(
            'CredentialsProviderError',
            'No AWS_SESSION_TOKEN for the secrets extension',
            {
              retryable: false,
            },
          ),
        );
        return;
      }
      let settled = false;
      const finish = (error: SecretsManagerError | undefined, value?: GetSecretValueOutput) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (error) {
          request.destroy();
          reject(error);
        } else resolve(value as GetSecretValueOutput);
      };
      const onAbort = () =>
        finish(new SecretsManagerError('AbortError', 'GetSecretValue aborted', { retryable: false }));
      const timer = setTimeout(
        () =>
          finish(
            new SecretsManagerError('TimeoutError', 'the secrets extension did not answer in time', {
              retryable: true,
            }),
          ),
        o.requestTimeoutMs,
      );
      const request = http.request(
        {
          host: 'localhost',
          port: o.port,
          method: 'GET',
          path: `/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`,
          headers: { 'X-Aws-Parameters-Secrets-Token': token },
          agent,
        },
        (response: IncomingMessage) => {
          response.on('error', () =>
            finish(
              new SecretsManagerError('ECONNRESET', 'the secrets extension connection broke', {
                retryable: true,
              }),
            ),
          );
          collectBody(
            response,
            MAX_RESPONSE_BYTES,
            () =>
              finish(
                new SecretsManagerError('SerializationException', 'secrets extension answer too large', {
                  retryable: false,
                }),
              ),
            (text) => {
              const status = response.statusCode ?? 0;
              let body: { SecretString?: unknown; VersionId?: unknown; __type?: unknown } | undefined;
              try {
                body = JSON.parse(text) as typeof body;
              } catch {
                body = undefined;
              }
              if (status === 200 && body && typeof body === 'object') {
                const out: GetSecretValueOutput = {};
                if (typeof body.SecretString === 'string') out.SecretString = body.SecretString;
                if (typeof body.VersionId === 'string') out.VersionId = body.VersionId;
                finish(undefined, out);
                return;
              }
              const type = typeof body?.__type === 'string' ? body.__type.split('#').pop() : undefined;
              const name = type && /^[A-Za-z]{1,64}$/.test(type) ? type : `ExtensionHttp${status}`;
              finish(
                new SecretsManagerError(name, `the secrets extension answered ${status}`, {
                  httpStatusCode: status,
                  retryable: status >= 500 || status === 429,
                  throttling: status === 429,
                }),
              );
            },
          );
        },
      );
      request.on('error', (err: NodeJS.ErrnoException) => {
        const code = err.code && /^E[A-Z]+$/.test(err.code) ? err.code : 'NetworkError';
        finish(
          new SecretsManagerError(code, 'the secrets extension could not be reached', { retryable: true }),
        );
      });
      signal.addEventListener('abort', onAbort, { once: true });
      request.end();
    });

  return async (secretId, signal) => {
    let last: SecretsManagerError | undefined;
    for (let attempt = 1; attempt <= o.maxAttempts; attempt++) {
      try {
        return await once(secretId, signal);
      } catch (error) {
        last = error as SecretsManagerError;
        last.$metadata.attempts = attempt;
        if (!last.retryable || signal.aborted || attempt === o.maxAttempts) throw last;
        await new Promise((r) => setTimeout(r, RETRY_DELAY_MS * attempt));
      }
    }
    throw last;
  };
}
