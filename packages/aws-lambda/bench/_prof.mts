import { spawn } from 'node:child_process';
import { SecretsManagerFake } from '../tests/fakes/secrets-manager';
import { v2EventFromRequest } from '../tests/support/api-gateway-events';
import { awsEnvFor } from '../tests/support/aws-env';
import { rtcRequest, sha256Hex } from '../tests/support/invoke';

const fake = new SecretsManagerFake();
const url = await fake.start();
fake.putSecret(
  's',
  JSON.stringify({
    appId: 'abcdefabcdefabcdefabcdefabcdef01',
    appCertificate: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  }),
);
const env = {
  ...process.env,
  ...awsEnvFor(url),
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AGORA_SECRET_ID: 's',
  AUTH_MODE: 'api-key',
  API_KEY_HASHES: await sha256Hex('k'),
  TOKENFN_EVENT: JSON.stringify(await v2EventFromRequest(rtcRequest('k'))),
};
const c = spawn(
  process.execPath,
  [...process.argv.slice(2), 'tests/support/first-event.mjs', 'dist/index.mjs'],
  { env, stdio: 'inherit' },
);
c.on('close', () => fake.close());
