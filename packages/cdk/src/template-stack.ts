import {
  BootstraplessSynthesizer,
  CfnCondition,
  CfnParameter,
  CfnRule,
  Fn,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { CfnAuthorizer, CfnRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { TokenApiProps } from './props.js';
import { TokenApi } from './token-api.js';

/** The template's parameters: what a team deploying it without CDK fills in. */
export const TEMPLATE_PARAMETERS = [
  'SecretArn',
  'AuthMode',
  'ApiKeyHashes',
  'JwtIssuer',
  'JwtAudience',
  'CodeBucket',
  'CodeKey',
] as const;

export interface TokenApiTemplateStackProps extends StackProps {
  /** Everything but what the parameters decide (secret, auth, code); defaults as for `TokenApi`. */
  readonly tokenApi?: Omit<TokenApiProps, 'secret' | 'auth' | 'code' | 'secretKmsKeyArn'>;
}

/**
 * A stack to hand to CloudFormation directly (console or `aws cloudformation deploy`), without CDK or a
 * bootstrapped account: the secret, the authentication and the code location are parameters. The code is
 * the zip of the built bundle (`index.mjs` at its root) uploaded to an S3 bucket in the same region.
 */
export class TokenApiTemplateStack extends Stack {
  readonly tokenApi: TokenApi;

  constructor(scope: Construct, id: string, props: TokenApiTemplateStackProps = {}) {
    super(scope, id, { synthesizer: new BootstraplessSynthesizer(), ...props });

    const secretArn = new CfnParameter(this, 'SecretArn', {
      type: 'String',
      description:
        'Complete ARN of the Secrets Manager secret {"appId","appCertificate"} (ends in "-" and 6 characters)',
      allowedPattern:
        '^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$',
    });
    Validations.of(this).acknowledge({
      id: 'CloudFormation-Validate::W2509',
      reason:
        'The parameter is the ARN of the secret, not its value: it is meant to be visible in the console.',
    });
    const authMode = new CfnParameter(this, 'AuthMode', {
      type: 'String',
      description: 'api-key: X-API-Key checked against ApiKeyHashes; jwt: API Gateway verifies bearer tokens',
      allowedValues: ['api-key', 'jwt'],
      default: 'api-key',
    });
    const apiKeyHashes = new CfnParameter(this, 'ApiKeyHashes', {
      type: 'String',
      description: 'api-key: comma-separated SHA-256 hex digests of the accepted keys (never the keys)',
      allowedPattern: '^([0-9a-fA-F]{64}(,[0-9a-fA-F]{64})*)?$',
      default: '',
      noEcho: false,
    });
    const issuer = new CfnParameter(this, 'JwtIssuer', {
      type: 'String',
      description: 'jwt: the issuer URL (https://…), whose JWKS API Gateway fetches',
      allowedPattern: '^(https://\\S+)?$',
      default: '',
    });
    const audience = new CfnParameter(this, 'JwtAudience', {
      type: 'CommaDelimitedList',
      description: 'jwt: accepted audiences (client ids), comma-separated',
      default: '',
    });
    const codeBucket = new CfnParameter(this, 'CodeBucket', {
      type: 'String',
      description: 'S3 bucket (same region) holding the function zip',
      allowedPattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
    });
    const codeKey = new CfnParameter(this, 'CodeKey', {
      type: 'String',
      description: 'Key of the zip of packages/aws-lambda/dist/index.mjs in CodeBucket',
      minLength: 1,
    });

    const isJwt = new CfnCondition(this, 'IsJwt', {
      expression: Fn.conditionEquals(authMode.valueAsString, 'jwt'),
    });
    // Refused before anything is created: the parameters the chosen mode needs, not left empty.
    new CfnRule(this, 'JwtParameters', {
      ruleCondition: Fn.conditionEquals(authMode.valueAsString, 'jwt'),
      assertions: [
        {
          assert: Fn.conditionAnd(
            Fn.conditionNot(Fn.conditionEquals(issuer.valueAsString, '')),
            Fn.conditionNot(Fn.conditionEachMemberEquals(audience.valueAsList, '')),
          ),
          assertDescription: 'AuthMode jwt needs JwtIssuer and JwtAudience',
        },
      ],
    });
    new CfnRule(this, 'ApiKeyParameters', {
      ruleCondition: Fn.conditionEquals(authMode.valueAsString, 'api-key'),
      assertions: [
        {
          assert: Fn.conditionNot(Fn.conditionEquals(apiKeyHashes.valueAsString, '')),
          assertDescription: 'AuthMode api-key needs ApiKeyHashes',
        },
      ],
    });

    const codeBucketRef = Bucket.fromBucketName(this, 'CodeBucketRef', codeBucket.valueAsString);
    Validations.of(codeBucketRef).acknowledge({
      id: 'Annotation::@aws-cdk/aws-lambda:codeFromBucketObjectVersionNotSpecified',
      reason:
        'Each release is uploaded under a new CodeKey (the documented path names the zip after the version); ' +
        'changing the key is what updates the function.',
    });
    this.tokenApi = new TokenApi(this, 'Default', {
      ...props.tokenApi,
      secret: { kind: 'complete-arn', arn: secretArn.valueAsString },
      auth: { mode: 'jwt', issuer: issuer.valueAsString, audience: audience.valueAsList },
      code: Code.fromBucket(codeBucketRef, codeKey.valueAsString),
    });

    // The authentication is decided at deploy time: the JWT authorizer exists only for AuthMode=jwt, the
    // routes use it only then, and the function is told which mode it runs in.
    const fn = this.tokenApi.tokenFunction.function.node.defaultChild as CfnFunction;
    const when = (value: unknown, otherwise: unknown) => Fn.conditionIf(isJwt.logicalId, value, otherwise);
    const env = 'Environment.Variables';
    fn.addPropertyOverride(`${env}.AUTH_MODE`, when('gateway', 'api-key'));
    fn.addPropertyOverride(`${env}.JWT_ISSUER`, when(issuer.valueAsString, Fn.ref('AWS::NoValue')));
    fn.addPropertyOverride(
      `${env}.JWT_AUDIENCE`,
      when(Fn.join(',', audience.valueAsList), Fn.ref('AWS::NoValue')),
    );
    fn.addPropertyOverride(`${env}.API_KEY_HASHES`, when(Fn.ref('AWS::NoValue'), apiKeyHashes.valueAsString));
    for (const child of this.tokenApi.httpApi.api.node.findAll()) {
      if (child instanceof CfnAuthorizer) child.cfnOptions.condition = isJwt;
      if (child instanceof CfnRoute && child.authorizationType === 'JWT') {
        child.authorizationType = when('JWT', 'NONE') as unknown as string;
        child.authorizerId = when(child.authorizerId, Fn.ref('AWS::NoValue')) as unknown as string;
        Validations.of(child).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Guarded by the JWT authorizer when AuthMode=jwt; with AuthMode=api-key the function checks X-API-Key ' +
            'in constant time against ApiKeyHashes (the ApiKeyParameters rule refuses an empty list).',
        });
      }
    }
  }
}
