import { assertStage, assertTwinName, DEFAULT_STAGE, InvalidStageError, InvalidTwinNameError } from '@twinflow/core';
import { ServiceConfigError } from './errors';

/** Where failed readings are kept. */
export type FailureStoreKind = 'sqs' | 'dynamodb' | 'memory';

/** A service's settings, read from its environment (set by its serverless.yml). */
export interface ServiceEnv {
  /** `TWIN_NAME`, required. */
  twin: string;
  /** `STAGE`: names of this stage's functions and table carry its suffix (see core `stageSuffix`). Default `dev`. */
  stage: string;
  /** `AWS_REGION`. Default `eu-central-1`. */
  region: string;
  /** `FAILURE_STORE`: `sqs` (default), `dynamodb` (the local twin) or `memory` (tests). */
  failureStore: FailureStoreKind;
  /** `FAILURE_QUEUE_URL`, required when the failure store is `sqs`. */
  failureQueueUrl?: string;
  /** `FAILURE_TABLE`, required when the failure store is `dynamodb`. */
  failureTable?: string;
  /** `FAILURE_SPOOL_FILE`: with `dynamodb`, where records go while the table is unreachable (local twin). */
  failureSpoolFile?: string;
  /** `LAMBDA_ENDPOINT`: Lambda API endpoint override (the local twin). */
  lambdaEndpoint?: string;
  /** `DYNAMODB_ENDPOINT`: DynamoDB endpoint override (the local twin). */
  dynamodbEndpoint?: string;
  /** `SQS_ENDPOINT`: SQS endpoint override. */
  sqsEndpoint?: string;
}

/**
 * Reads and validates the variables every twinflow service shares.
 *
 * @throws ServiceConfigError naming the variable
 * @example
 * ```ts
 * const env = readServiceEnv(process.env);
 * const adapter = new LambdaAdapter({ functionName: `${env.twin}-persister`, endpoint: env.lambdaEndpoint });
 * ```
 */
export function readServiceEnv(source: NodeJS.ProcessEnv): ServiceEnv {
  const twin = source['TWIN_NAME'];
  try {
    assertTwinName(twin);
  } catch (err) {
    if (err instanceof InvalidTwinNameError) throw new ServiceConfigError('TWIN_NAME', `is missing or invalid (${err.message})`, { cause: err });
    throw err;
  }
  const stage = source['STAGE'] || DEFAULT_STAGE;
  try {
    assertStage(stage);
  } catch (err) {
    if (err instanceof InvalidStageError) throw new ServiceConfigError('STAGE', `is invalid (${err.message})`, { cause: err });
    throw err;
  }
  const failureStore = (source['FAILURE_STORE'] ?? 'sqs') as FailureStoreKind;
  if (failureStore !== 'sqs' && failureStore !== 'dynamodb' && failureStore !== 'memory') {
    throw new ServiceConfigError('FAILURE_STORE', `must be "sqs", "dynamodb" or "memory", got "${String(failureStore)}"`);
  }
  const env: ServiceEnv = {
    twin,
    stage,
    region: source['AWS_REGION'] || source['AWS_DEFAULT_REGION'] || 'eu-central-1',
    failureStore,
  };
  const optional = { failureQueueUrl: 'FAILURE_QUEUE_URL', failureTable: 'FAILURE_TABLE', failureSpoolFile: 'FAILURE_SPOOL_FILE', lambdaEndpoint: 'LAMBDA_ENDPOINT', dynamodbEndpoint: 'DYNAMODB_ENDPOINT', sqsEndpoint: 'SQS_ENDPOINT' } as const;
  for (const [key, variable] of Object.entries(optional) as Array<[keyof typeof optional, string]>) {
    const value = source[variable];
    if (value) env[key] = value;
  }
  if (failureStore === 'sqs' && env.failureQueueUrl === undefined) {
    throw new ServiceConfigError('FAILURE_QUEUE_URL', 'is required when FAILURE_STORE is "sqs"');
  }
  if (failureStore === 'dynamodb' && env.failureTable === undefined) {
    throw new ServiceConfigError('FAILURE_TABLE', 'is required when FAILURE_STORE is "dynamodb"');
  }
  return env;
}

/**
 * Reads a positive integer variable with a default.
 *
 * @throws ServiceConfigError when set but not a positive integer
 * @example
 * ```ts
 * const retentionDays = readPositiveInt(process.env, 'RETENTION_DAYS', 30);
 * ```
 */
export function readPositiveInt(source: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const raw = source[variable];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ServiceConfigError(variable, `must be a positive integer, got "${raw}"`);
  return value;
}
