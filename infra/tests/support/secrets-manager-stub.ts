import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server speaking the Secrets Manager JSON 1.1 protocol for GetSecretValue, enough for the real
 * AWS SDK in the bundle. It answers only for `secretId`; any other id is a ResourceNotFoundException.
 */
export async function startSecretsManagerStub(
  secretId: string,
  secretString: string,
): Promise<{ url: string; requestedIds: string[]; close: () => Promise<void> }> {
  const requestedIds: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      if (req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
        reply(400, { __type: 'UnknownOperationException', message: 'only GetSecretValue' });
        return;
      }
      const { SecretId } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { SecretId: string };
      requestedIds.push(SecretId);
      if (SecretId !== secretId) {
        reply(400, {
          __type: 'ResourceNotFoundException',
          message: 'Secrets Manager can’t find the specified secret.',
        });
        return;
      }
      reply(200, {
        ARN: secretId.startsWith('arn:')
          ? secretId
          : `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${secretId}-AbC123`,
        Name: 'tokenfn/prod/agora',
        SecretString: secretString,
        VersionId: '00000000-0000-4000-8000-000000000001',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 1_790_000_000,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requestedIds,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
