import type { JsonValue } from './json';

/**
 * The community a module request comes from (module SDK `metadata.community`). Every field is
 * optional; the payload then carries the module SDK's default.
 *
 * @example
 * ```ts
 * const community: ModuleCommunityMetadata = { name: 'My Community', isSubscribed: true, subscriptionOrderId: 'order_123', seatCount: 50 };
 * ```
 */
export type ModuleCommunityMetadata = {
  /** Default `"Unknown Community"`. */
  name?: string;
  /** Default `true`. */
  isSubscribed?: boolean;
  /** Default `null`. */
  subscriptionOrderId?: string | null;
  /** Default `0`. */
  seatCount?: number;
};

/**
 * The user who sent a module request (module SDK `metadata.user`).
 *
 * @example
 * ```ts
 * const user: ModuleUserMetadata = { username: 'MyUser', platformUserId: 'discord_123' };
 * ```
 */
export type ModuleUserMetadata = {
  /** Default `"unknown"`. */
  username?: string;
  /** The user's id on the platform. Default the request's `userId`. */
  platformUserId?: string;
};

/**
 * The entity (channel, server...) a module request was made in (module SDK `metadata.entity`).
 *
 * @example
 * ```ts
 * const entity: ModuleEntityMetadata = { platformEntityId: 'channel_456' };
 * ```
 */
export type ModuleEntityMetadata = {
  /** The entity's id on the platform. Default the request's `entityId`. */
  platformEntityId?: string;
};

/**
 * Context of a module request (module SDK `metadata`, camelCase). `isEvent: true` makes the
 * request an event (`eventType`, `eventData`) rather than a command.
 *
 * @example
 * ```ts
 * const metadata: ModuleRequestMetadata = { isEvent: true, eventType: 'subscription', eventData: { tier: 2 } };
 * ```
 */
export type ModuleRequestMetadata = {
  community?: ModuleCommunityMetadata;
  user?: ModuleUserMetadata;
  entity?: ModuleEntityMetadata;
  /** An event rather than a command. Default `false`. */
  isEvent?: boolean;
  /** The event's type (events only). Default `null`. */
  eventType?: string | null;
  /** The event's data (events only). Default `null`. */
  eventData?: JsonValue;
};

/**
 * The module SDK's request (its `ExecuteRequest`, camelCase in TypeScript): a chat command or a
 * platform event for a module. Told apart from twinflow's hand-off envelope (`ExecuteRequest`)
 * by {@link isModuleRequest}. `LambdaAdapter.execute` sends it as the module SDK's snake_case
 * {@link ModuleLambdaPayload}; `scopes` are the caller's to check and are not sent (as in the SDK).
 *
 * @example
 * ```ts
 * const request: ModuleRequest = {
 *   command: 'analyze', args: ['dataset.csv'],
 *   userId: 'user_123', entityId: 'entity_456', communityId: 'community_789', sessionId: 'session_abc123', platform: 'discord',
 *   metadata: { user: { username: 'MyUser' } }, scopes: ['community.read'],
 * };
 * ```
 */
export type ModuleRequest = {
  /** The command, e.g. `analyze`. */
  command: string;
  /** The command's arguments; sent as `trigger.context_text`, joined by spaces. */
  args: string[];
  userId: string;
  entityId: string;
  communityId: string;
  /** Sent as `request_id`. */
  sessionId: string;
  /** e.g. `discord`, `twitch`. */
  platform: string;
  /** Default `{}` (every field then takes its default). */
  metadata?: ModuleRequestMetadata;
  /** Permission scopes granted to the request. Default `[]`. Not sent. */
  scopes?: string[];
};

/**
 * `trigger` of a {@link ModuleLambdaPayload}: a command (`command`, `context_text`; the event
 * fields `null`) or an event (`event_type`, `event_data`; the command fields `null`).
 *
 * @example
 * ```ts
 * const trigger: ModuleTrigger = { type: 'command', command: 'analyze', context_text: 'dataset.csv', event_type: null, event_data: null };
 * ```
 */
export type ModuleTrigger = {
  type: 'command' | 'event';
  command: string | null;
  /** The args joined by spaces; `null` for an event or a command without args. */
  context_text: string | null;
  event_type: string | null;
  event_data: JsonValue;
};

/**
 * The module SDK's Lambda payload, exactly as its Python adapter sends it (snake_case, in this
 * key order).
 *
 * @example
 * ```ts
 * const payload: ModuleLambdaPayload = toModuleLambdaPayload(request); // from @twinflow/payload-mappers
 * payload.trigger.context_text; // 'dataset.csv'
 * ```
 */
export type ModuleLambdaPayload = {
  community: { id: string; name: string; is_subscribed: boolean; subscription_order_id: string | null; seat_count: number };
  trigger: ModuleTrigger;
  user: { id: string; username: string; platform: string; platform_user_id: string };
  entity: { id: string; platform: string; platform_entity_id: string };
  /** The request's `sessionId`. */
  request_id: string;
  /** When the payload was built, ISO-8601 UTC with `Z`, e.g. `2026-11-24T08:00:00.000Z`. */
  timestamp: string;
};

const MODULE_ID_FIELDS = ['userId', 'entityId', 'communityId', 'sessionId', 'platform'] as const;

/**
 * Whether `value` has the shape of the module SDK's {@link ModuleRequest}: an object with a
 * string `command`, `args` an array of strings, string `userId`, `entityId`, `communityId`,
 * `sessionId` and `platform`, and `metadata` / `scopes` absent or an object / an array. A shape
 * check only: the metadata's fields are checked where the payload is built
 * (`toModuleLambdaPayload`).
 *
 * @example
 * ```ts
 * const request: unknown = JSON.parse(text);
 * if (isModuleRequest(request)) await adapter.execute(request);
 * ```
 */
export function isModuleRequest(value: unknown): value is ModuleRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const fields = value as Record<string, unknown>;
  const args = fields['args'];
  const metadata = fields['metadata'];
  const scopes = fields['scopes'];
  return (
    typeof fields['command'] === 'string' &&
    Array.isArray(args) &&
    args.every((arg) => typeof arg === 'string') &&
    MODULE_ID_FIELDS.every((field) => typeof fields[field] === 'string') &&
    (metadata === undefined || (typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata))) &&
    (scopes === undefined || Array.isArray(scopes))
  );
}
