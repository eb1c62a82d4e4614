import * as z from 'zod/mini';
import { FailureMessageError, type FailureMessageIssue } from './FailureMessageError';

/** twinflow's own failure record (`FailureRecord` of `@twinflow/core`), as `SqsFailureStore` sends it. */
export const failureRecordBodySchema = z.object({
  id: z.string(),
  twin: z.string(),
  stage: z.enum(['dispatch', 'process', 'persist']),
  reason: z.string(),
  errorType: z.string(),
  message: z.string(),
  attempts: z.number(),
  failedAt: z.string(),
  deviceId: z.optional(z.string()),
  eventId: z.optional(z.string()),
  timestamp: z.optional(z.string()),
  original: z.unknown(),
});

/** Lambda's on-failure destination record of an asynchronous invocation. */
export const lambdaDestinationBodySchema = z.object({
  version: z.string(),
  timestamp: z.string(),
  requestContext: z.object({
    requestId: z.string(),
    functionArn: z.string(),
    condition: z.string(),
    approximateInvokeCount: z.number(),
  }),
  requestPayload: z.unknown(),
  responseContext: z.optional(
    z.object({
      statusCode: z.optional(z.number()),
      executedVersion: z.optional(z.string()),
      functionError: z.optional(z.string()),
    }),
  ),
  responsePayload: z.optional(z.unknown()),
});

/** The IoT rule's error-action message. */
export const iotErrorActionBodySchema = z.object({
  ruleName: z.string(),
  topic: z.string(),
  cloudwatchTraceId: z.optional(z.string()),
  clientId: z.optional(z.string()),
  base64OriginalPayload: z.string(),
  failures: z.array(
    z.object({
      failedAction: z.string(),
      failedResource: z.optional(z.string()),
      errorMessage: z.optional(z.string()),
    }),
  ),
});

export type FailureRecordBody = z.infer<typeof failureRecordBodySchema>;
export type LambdaDestinationBody = z.infer<typeof lambdaDestinationBodySchema>;
export type IotErrorActionBody = z.infer<typeof iotErrorActionBodySchema>;

/**
 * Validates `value` against `schema`; on failure throws `FailureMessageError` (`invalid-shape`)
 * naming `shape` and every offending field by its path from the body's root.
 */
export function parseBody<T>(schema: z.ZodMiniType<T>, value: unknown, shape: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: FailureMessageIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.'),
    message: issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.code === 'invalid_value' ? `expected one of ${issue.values.map(String).join(', ')}` : issue.message,
  }));
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  throw new FailureMessageError('invalid-shape', `a ${shape} with invalid fields — ${summary}`, { issues, cause: result.error });
}
