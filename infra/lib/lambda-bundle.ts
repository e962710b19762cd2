import { defaultLambdaCodeDir } from '@tokenfn/cdk';

export {
  LAMBDA_ENTRY_FILE,
  LAMBDA_HANDLER,
  LambdaBundleMissingError,
  requireLambdaBundle,
} from '@tokenfn/cdk';

/** Where `pnpm --filter @tokenfn/aws-lambda build` writes the bundle (`-c lambdaCodeDir=…` overrides it). */
export const DEFAULT_LAMBDA_CODE_DIR = defaultLambdaCodeDir();
