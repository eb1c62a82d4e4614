import type { JsonValue, ModuleLambdaPayload, ModuleRequest, ModuleTrigger } from '@twinflow/core';
import { MapperOptionsError, ModuleRequestValidationError } from './errors';
import { describeValue, isPlainObject } from '@twinflow/core';
import { readClock, resolveClock } from './options';
import type { ModulePayloadOptions } from './types';

const ID_FIELDS = ['userId', 'entityId', 'communityId', 'sessionId', 'platform'] as const;

/**
 * Builds the module SDK's Lambda payload from a {@link ModuleRequest}, exactly as the SDK's Python
 * `LambdaAdapter._build_lambda_payload` does (snake_case, same keys, same order):
 *
 * - `community { id, name, is_subscribed, subscription_order_id, seat_count }`
 * - `trigger { type, command, context_text, event_type, event_data }`: for a command (`metadata.isEvent`
 *   not `true`) `command`, and `context_text` = `args` joined by spaces (`null` when `args` is empty),
 *   the event fields `null`; for an event `event_type` and `event_data` (`null` when absent), the
 *   command fields `null`
 * - `user { id, username, platform, platform_user_id }`, `entity { id, platform, platform_entity_id }`
 * - `request_id` (the `sessionId`) and `timestamp` (`now()` as ISO-8601 UTC with `Z`)
 *
 * Missing metadata takes the SDK's defaults: username `"unknown"`, community `"Unknown Community"`,
 * subscribed `true`, `subscription_order_id` `null`, 0 seats, `platform_user_id` = `userId`,
 * `platform_entity_id` = `entityId`. `scopes` are not sent.
 *
 * @param request - the module request; its fields are checked (types only, as the SDK's dataclass)
 * @param options - `now`, the clock of `timestamp` (default `Date.now`)
 * @returns the payload object, ready for `JSON.stringify`
 * @throws ModuleRequestValidationError whose `field` and message name the offending field
 * @throws MapperOptionsError for an invalid `now`
 * @example
 * ```ts
 * const payload = toModuleLambdaPayload(
 *   { command: 'analyze', args: ['dataset.csv'], userId: 'u1', entityId: 'e1', communityId: 'c1', sessionId: 's1', platform: 'discord' },
 *   { now: () => Date.UTC(2026, 10, 24, 8) },
 * );
 * payload.trigger;   // { type: 'command', command: 'analyze', context_text: 'dataset.csv', event_type: null, event_data: null }
 * payload.timestamp; // '2026-11-24T08:00:00.000Z'
 * ```
 */
export function toModuleLambdaPayload(request: ModuleRequest, options: ModulePayloadOptions = {}): ModuleLambdaPayload {
  if (typeof options !== 'object' || options === null) throw new MapperOptionsError(`options: must be an object, got ${describeValue(options)}`, 'options');
  const now = resolveClock(options.now);
  const fields = objectAt(request, 'request', true);
  const command = stringAt(fields['command'], 'command', false);
  const args = fields['args'];
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string')) {
    throw invalid('args', 'must be an array of strings', args);
  }
  for (const field of ID_FIELDS) stringAt(fields[field], field, false);
  const scopes = fields['scopes'];
  if (scopes !== undefined && (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string'))) {
    throw invalid('scopes', 'must be an array of strings when given', scopes);
  }
  const { userId, entityId, communityId, sessionId, platform } = request;

  const metadata = objectAt(fields['metadata'], 'metadata');
  const community = objectAt(metadata['community'], 'metadata.community');
  const user = objectAt(metadata['user'], 'metadata.user');
  const entity = objectAt(metadata['entity'], 'metadata.entity');
  const isEvent = metadata['isEvent'];
  if (isEvent !== undefined && typeof isEvent !== 'boolean') throw invalid('metadata.isEvent', 'must be a boolean when given', isEvent);
  const eventType = metadata['eventType'];
  if (eventType !== undefined && eventType !== null && typeof eventType !== 'string') {
    throw invalid('metadata.eventType', 'must be a string or null when given', eventType);
  }
  const subscriptionOrderId = community['subscriptionOrderId'];
  if (subscriptionOrderId !== undefined && subscriptionOrderId !== null && typeof subscriptionOrderId !== 'string') {
    throw invalid('metadata.community.subscriptionOrderId', 'must be a string or null when given', subscriptionOrderId);
  }
  const isSubscribed = community['isSubscribed'];
  if (isSubscribed !== undefined && typeof isSubscribed !== 'boolean') {
    throw invalid('metadata.community.isSubscribed', 'must be a boolean when given', isSubscribed);
  }
  const seatCount = community['seatCount'];
  if (seatCount !== undefined && (typeof seatCount !== 'number' || !Number.isFinite(seatCount))) {
    throw invalid('metadata.community.seatCount', 'must be a finite number when given', seatCount);
  }

  const trigger: ModuleTrigger =
    isEvent === true
      ? {
          type: 'event',
          command: null,
          context_text: null,
          event_type: eventType ?? null,
          event_data: (metadata['eventData'] as JsonValue | undefined) ?? null,
        }
      : { type: 'command', command, context_text: args.length > 0 ? args.join(' ') : null, event_type: null, event_data: null };

  return {
    community: {
      id: communityId,
      name: stringAt(community['name'], 'metadata.community.name', true) ?? 'Unknown Community',
      is_subscribed: isSubscribed ?? true,
      subscription_order_id: subscriptionOrderId ?? null,
      seat_count: seatCount ?? 0,
    },
    trigger,
    user: {
      id: userId,
      username: stringAt(user['username'], 'metadata.user.username', true) ?? 'unknown',
      platform,
      platform_user_id: stringAt(user['platformUserId'], 'metadata.user.platformUserId', true) ?? userId,
    },
    entity: {
      id: entityId,
      platform,
      platform_entity_id: stringAt(entity['platformEntityId'], 'metadata.entity.platformEntityId', true) ?? entityId,
    },
    request_id: sessionId,
    timestamp: new Date(readClock(now)).toISOString(),
  };
}

function invalid(field: string, rule: string, value: unknown): ModuleRequestValidationError {
  return new ModuleRequestValidationError(`${field}: ${rule}, got ${describeValue(value)}`, field);
}

/** The object at `field`; `{}` when absent, unless `required`. */
function objectAt(value: unknown, field: string, required = false): Record<string, unknown> {
  if (value === undefined && !required) return {};
  if (!isPlainObject(value)) throw invalid(field, required ? 'must be an object' : 'must be an object when given', value);
  return value;
}

function stringAt(value: unknown, field: string, optional: true): string | undefined;
function stringAt(value: unknown, field: string, optional: false): string;
function stringAt(value: unknown, field: string, optional: boolean): string | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string') throw invalid(field, optional ? 'must be a string when given' : 'must be a string', value);
  return value;
}
