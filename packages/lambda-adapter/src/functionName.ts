import { describeValue } from '@twinflow/core';
import { MAX_FUNCTION_IDENTIFIER_LENGTH, MAX_FUNCTION_NAME_LENGTH, MAX_QUALIFIER_LENGTH } from './constants';
import { LambdaAdapterConfigError } from './errors';

/**
 * How a function was identified.
 *
 * @example
 * ```ts
 * resolveFunctionName('123456789012:function:x').kind; // 'partial-arn'
 * ```
 */
export type FunctionNameKind = 'name' | 'partial-arn' | 'arn';

/**
 * A validated function identifier, split into its parts.
 *
 * @example
 * ```ts
 * const { name, qualifier }: ResolvedFunctionName = resolveFunctionName('persister:live', 'demo-');
 * // name 'demo-persister', qualifier 'live'
 * ```
 */
export interface ResolvedFunctionName {
  /** What is sent as `FunctionName`: the (prefixed) name or the ARN, with its qualifier if any. */
  functionName: string;
  /** The bare function name, e.g. `demo-persister`. */
  name: string;
  /** Version or alias (`live`, `7`, `$LATEST`), when one was given. */
  qualifier?: string;
  /** Which form was given. */
  kind: FunctionNameKind;
  /** Account id, for ARNs. */
  accountId?: string;
  /** Region, for full ARNs. */
  region?: string;
}

const NAME = /^[A-Za-z0-9_-]+$/;
const QUALIFIER = /^(?:\$LATEST|[A-Za-z0-9_-]+)$/;
const PREFIX = /^[A-Za-z0-9_-]*$/;
const PARTITIONS = 'aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc';
const FULL_ARN = new RegExp(`^arn:(?:${PARTITIONS}):lambda:([a-z]{2,4}(?:-[a-z]+){1,2}-\\d{1,2}):(\\d{12}):function:([^:]+)(?::([^:]*))?$`);
const PARTIAL_ARN = /^(\d{12}):function:([^:]+)(?::([^:]*))?$/;
const PLAIN = /^([^:]+)(?::([^:]*))?$/;

/**
 * Validates a function identifier and applies `functionPrefix` to plain names (never to
 * ARNs, and not when the name already starts with it). Throws {@link LambdaAdapterConfigError}
 * naming `functionName` or `functionPrefix` when malformed.
 *
 * @example
 * ```ts
 * resolveFunctionName('persister:live', 'demo-').functionName; // 'demo-persister:live'
 * resolveFunctionName('arn:aws:lambda:eu-central-1:123456789012:function:x', 'demo-').name; // 'x'
 * ```
 */
export function resolveFunctionName(functionName: unknown, functionPrefix?: unknown): ResolvedFunctionName {
  const prefix = validatePrefix(functionPrefix);
  if (functionName === undefined || functionName === null || functionName === '') {
    throw new LambdaAdapterConfigError('Invalid option "functionName": required, got ' + describeValue(functionName), 'functionName');
  }
  if (typeof functionName !== 'string') throw invalidName(functionName, 'must be a string');
  if (functionName.length > MAX_FUNCTION_IDENTIFIER_LENGTH) {
    throw invalidName(functionName, `must be at most ${MAX_FUNCTION_IDENTIFIER_LENGTH} characters`);
  }

  if (functionName.startsWith('arn:')) {
    const match = FULL_ARN.exec(functionName);
    if (match === null) {
      throw invalidName(functionName, 'is not a Lambda function ARN (arn:<partition>:lambda:<region>:<account-id>:function:<name>[:<qualifier>])');
    }
    const [, region = '', accountId = '', name = '', qualifier] = match;
    return build(functionName, checkName(functionName, name), checkQualifier(functionName, qualifier), 'arn', accountId, region);
  }

  const partial = PARTIAL_ARN.exec(functionName);
  if (partial !== null) {
    const [, accountId = '', name = '', qualifier] = partial;
    return build(functionName, checkName(functionName, name), checkQualifier(functionName, qualifier), 'partial-arn', accountId);
  }

  const plain = PLAIN.exec(functionName);
  if (plain === null) {
    throw invalidName(functionName, 'expected a name, name:qualifier, <account-id>:function:<name> or a function ARN');
  }
  const [, rawName = '', rawQualifier] = plain;
  const name = checkName(functionName, rawName.startsWith(prefix) ? rawName : prefix + rawName);
  const qualifier = checkQualifier(functionName, rawQualifier);
  return build(qualifier === undefined ? name : `${name}:${qualifier}`, name, qualifier, 'name');
}

/**
 * Whether `value` is a valid version or alias qualifier (`$LATEST`, `7`, `live`).
 *
 * @example
 * ```ts
 * isValidQualifier('live'); // true
 * isValidQualifier('a b');  // false
 * ```
 */
export function isValidQualifier(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_QUALIFIER_LENGTH && QUALIFIER.test(value);
}

function validatePrefix(prefix: unknown): string {
  if (prefix === undefined) return '';
  if (typeof prefix !== 'string' || prefix.length >= MAX_FUNCTION_NAME_LENGTH || !PREFIX.test(prefix)) {
    throw new LambdaAdapterConfigError(
      `Invalid option "functionPrefix": must be a string of letters, digits, '-' or '_', shorter than ${MAX_FUNCTION_NAME_LENGTH} characters, got ${describeValue(prefix)}`,
      'functionPrefix',
    );
  }
  return prefix;
}

function checkName(functionName: string, name: string): string {
  if (!NAME.test(name)) throw invalidName(functionName, `function name ${describeValue(name)} may only contain letters, digits, '-' and '_'`);
  if (name.length > MAX_FUNCTION_NAME_LENGTH) {
    throw invalidName(functionName, `function name ${describeValue(name)} is longer than ${MAX_FUNCTION_NAME_LENGTH} characters`);
  }
  return name;
}

function checkQualifier(functionName: string, qualifier: string | undefined): string | undefined {
  if (qualifier === undefined) return undefined;
  if (!isValidQualifier(qualifier)) {
    throw invalidName(functionName, `qualifier ${describeValue(qualifier)} must be $LATEST, a version number or an alias (letters, digits, '-', '_')`);
  }
  return qualifier;
}

function build(
  functionName: string,
  name: string,
  qualifier: string | undefined,
  kind: FunctionNameKind,
  accountId?: string,
  region?: string,
): ResolvedFunctionName {
  const resolved: ResolvedFunctionName = { functionName, name, kind };
  if (qualifier !== undefined) resolved.qualifier = qualifier;
  if (accountId !== undefined) resolved.accountId = accountId;
  if (region !== undefined) resolved.region = region;
  return resolved;
}

function invalidName(value: unknown, problem: string): LambdaAdapterConfigError {
  return new LambdaAdapterConfigError(`Invalid option "functionName" ${describeValue(value)}: ${problem}`, 'functionName');
}

/**
 * The `Qualifier` to send for a per-call `qualifier`: `undefined` when none is given or when
 * `functionName` already carries the same one.
 *
 * @throws LambdaAdapterConfigError (option `qualifier`) for a malformed qualifier or one that conflicts with the name's
 */
export function perCallQualifier(target: ResolvedFunctionName, qualifier: unknown): string | undefined {
  if (qualifier === undefined) return undefined;
  if (!isValidQualifier(qualifier)) {
    throw new LambdaAdapterConfigError(`Invalid option "qualifier": must be $LATEST, a version number or an alias (letters, digits, '-', '_'), got ${describeValue(qualifier)}`, 'qualifier');
  }
  if (target.qualifier !== undefined && target.qualifier !== qualifier) {
    throw new LambdaAdapterConfigError(`Invalid option "qualifier": conflicts with the qualifier "${target.qualifier}" in functionName, got ${describeValue(qualifier)}`, 'qualifier');
  }
  return target.qualifier === undefined ? qualifier : undefined;
}
