// A loopback stand-in for the AWS Parameters and Secrets Lambda Extension's HTTP endpoint:
// GET /secretsmanager/get?secretId=<id> with `X-Aws-Parameters-Secrets-Token` equal to the session token,
// answered with GetSecretValue's JSON; 400 for a missing or wrong token (as the extension refuses it),
// 404 with the service's error type for an unknown secret; injectable 5xx answers.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class SecretsExtensionFake {
  private server: Server | undefined;
  private readonly secrets = new Map<string, string>();
  /** every request's secret id and whether its token matched */
  readonly requests: { secretId: string | null; tokenValid: boolean }[] = [];
  private failures = 0;

  constructor(private readonly sessionToken: string) {}

  putSecret(id: string, value: string): void {
    this.secrets.set(id, value);
  }

  /** the next `n` requests answer 500 */
  failNext(n: number): void {
    this.failures = n;
  }

  async start(): Promise<number> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const secretId = url.searchParams.get('secretId');
      const tokenValid = req.headers['x-aws-parameters-secrets-token'] === this.sessionToken;
      this.requests.push({ secretId, tokenValid });
      if (req.method !== 'GET' || url.pathname !== '/secretsmanager/get')
        return void res.writeHead(404).end();
      if (!tokenValid)
        return void res.writeHead(400).end('missing or invalid X-Aws-Parameters-Secrets-Token');
      if (this.failures > 0) {
        this.failures--;
        return void res.writeHead(500).end('internal error');
      }
      const value = secretId ? this.secrets.get(secretId) : undefined;
      if (value === undefined) {
        res.writeHead(404, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'not found' }));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ARN: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${secretId}`,
          Name: secretId,
          SecretString: value,
          VersionId: 'v-1',
          VersionStages: ['AWSCURRENT'],
        }),
      );
    });
    await new Promise<void>((ok) => this.server?.listen(0, 'localhost', ok));
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((ok) => this.server?.close(ok));
  }
}
