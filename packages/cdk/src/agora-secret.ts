import { ArnFormat, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { type CfnSecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { SecretSource } from './config.js';

export interface AgoraSecretProps {
  readonly source: SecretSource;
  readonly stage: string;
  readonly retainOnDelete: boolean;
}

/**
 * The Secrets Manager secret holding `{"appId", "appCertificate"}`: an existing one (by complete ARN or
 * by name) or a new, empty one. Exposes exactly what the function needs: the id it reads and the one
 * resource its IAM policy may name.
 */
export class AgoraSecret extends Construct {
  /** The value of `AGORA_SECRET_ID`. */
  readonly secretId: string;
  /** The ARN to grant `secretsmanager:GetSecretValue` on: this secret and no other. */
  readonly policyResourceArn: string;
  /** The ARN to show operators (partial, without suffix, when the secret was given by name). */
  readonly displayArn: string;

  constructor(scope: Construct, id: string, props: AgoraSecretProps) {
    super(scope, id);
    const { source } = props;
    switch (source.kind) {
      case 'complete-arn':
        this.secretId = source.arn;
        this.policyResourceArn = source.arn;
        this.displayArn = source.arn;
        break;
      case 'name': {
        const arnOf = (resourceName: string) =>
          Stack.of(this).formatArn({
            service: 'secretsmanager',
            resource: 'secret',
            resourceName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          });
        this.secretId = source.name;
        // Secrets Manager appends "-" and 6 random characters to every secret ARN. Each "?" matches exactly
        // one character, so this names the one secret called exactly `name` (a secret "name-x" has the ARN
        // "name-x-ABCDEF", which is longer and does not match). It cannot match a family of secrets.
        this.policyResourceArn = arnOf(`${source.name}-??????`);
        this.displayArn = arnOf(source.name);
        break;
      }
      case 'create': {
        const name = source.name ?? `tokenfn/${props.stage}/agora`;
        const secret = new Secret(this, 'Secret', {
          secretName: name,
          description:
            `tokenfn (${props.stage}) Agora credentials, created empty. Fill it before the first request: ` +
            `aws secretsmanager put-secret-value --secret-id ${name} ` +
            `--secret-string '{"appId":"<32 hex>","appCertificate":"<32 hex>"}'. ` +
            'Until then /readyz answers 503 and token routes 503.',
          removalPolicy: props.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
        // The L2 construct asks CloudFormation to generate a random string when no value is given;
        // a random string is not a valid credential, so the secret is created without any value.
        (secret.node.defaultChild as CfnSecret).addPropertyDeletionOverride('GenerateSecretString');
        Validations.of(secret).acknowledge({
          id: 'AwsSolutions-SMG4',
          reason:
            'An Agora App Certificate can only be rotated in the Agora console; there is no API a rotation ' +
            'Lambda could call. Rotation is the documented manual procedure in infra/README.md.',
        });
        this.secretId = secret.secretArn;
        this.policyResourceArn = secret.secretArn;
        this.displayArn = secret.secretArn;
        break;
      }
    }
  }
}
