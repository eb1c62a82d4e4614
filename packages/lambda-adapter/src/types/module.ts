import type { HealthStatus } from '@twinflow/core';
import type { InvocationType } from './options';

/**
 * The module SDK's module identity, as options of {@link LambdaAdapterOptions}: the original's
 * `module_name`, `module_version` and `required_scopes`. Read back as the adapter's
 * `moduleName`, `moduleVersion` and `requiredScopes`, reported by `moduleInfo()` and checked by
 * `validateScopes(granted)`.
 *
 * @example
 * ```ts
 * new LambdaAdapter({ functionName: 'my-module', moduleName: 'my_module', moduleVersion: '2.1.0', requiredScopes: ['community.read'] });
 * ```
 */
export interface LambdaAdapterModuleOptions {
  /**
   * The module's name: letters, digits, `_` and `-`, at most 64 characters. Default the function's
   * plain name, i.e. the bare name in `functionName` with the prefix applied and without ARN parts
   * or qualifier (`demo-thermostat-1-processor` for `thermostat-1-processor` with prefix `demo-`;
   * `persister` for `arn:aws:lambda:eu-central-1:123456789012:function:persister:live`).
   */
  moduleName?: string;
  /** The module's version, a non-empty string of at most 64 characters without spaces. Default `'1.0.0'` (as the original). */
  moduleVersion?: string;
  /** Scopes a caller must hold (see `validateScopes`): non-empty strings. Default `[]` (nothing required). */
  requiredScopes?: readonly string[];
}

/**
 * What {@link LambdaAdapter.moduleInfo} returns: the module SDK's `get_module_info()`, camelCase,
 * with the retry settings and the time limit twinflow has in place of the original's
 * `max_retries`, `connect_timeout` and `read_timeout`.
 *
 * @example
 * ```ts
 * const info: ModuleInfo = adapter.moduleInfo();
 * // { name: 'my_module', version: '1.0.0', type: 'lambda', functionName: 'waddlebot-my-module', region: 'us-east-1',
 * //   invocationType: 'RequestResponse', retry: { maxRetries: 3, initialDelayMs: 500, maxDelayMs: 30000 },
 * //   timeoutMs: 30000, requiredScopes: [], health: { status: 'healthy', ... } }
 * ```
 */
export type ModuleInfo = {
  /** `moduleName`. */
  name: string;
  /** `moduleVersion`. */
  version: string;
  /** Always `'lambda'` (the original said `'lambda_adapter'`). */
  type: 'lambda';
  /** The resolved function name, as sent to Lambda. */
  functionName: string;
  /**
   * The function's region: the region of a full ARN, else the `region` option the adapter built
   * its client with, else `AWS_REGION` / `AWS_DEFAULT_REGION`; absent when none is known (an
   * injected client is never asked: its region provider is asynchronous).
   */
  region?: string;
  /** Default invocation type. */
  invocationType: InvocationType;
  /** Retry settings in force. */
  retry: { maxRetries: number; initialDelayMs: number; maxDelayMs: number };
  /** Time limit of each attempt, in ms. */
  timeoutMs: number;
  /** `requiredScopes` (a copy). */
  requiredScopes: string[];
  /** `health()` now. */
  health: HealthStatus;
};
