// Bundle-only stand-in for @aws-sdk/credential-provider-node (see build.mjs). On Lambda the execution
// role's credentials are always in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, so the
// SDK's full default chain (SSO, INI files, IMDS, STS, web identity, ~100 KiB) is never reached; leaving
// it out of dist/index.mjs makes the cold start cheaper. The library build (src/) keeps the full chain.
interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export const defaultProvider = () => async (): Promise<AwsCredentials> => {
  const accessKeyId = process.env['AWS_ACCESS_KEY_ID'];
  const secretAccessKey = process.env['AWS_SECRET_ACCESS_KEY'];
  if (!accessKeyId || !secretAccessKey) {
    throw Object.assign(
      new Error(
        'No AWS credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (Lambda sets them from the execution role; this bundle reads no other source)',
      ),
      { name: 'CredentialsProviderError', tryNextLink: false },
    );
  }
  const sessionToken = process.env['AWS_SESSION_TOKEN'];
  const expiry = process.env['AWS_CREDENTIAL_EXPIRATION'];
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
    ...(expiry ? { expiration: new Date(expiry) } : {}),
  };
};
