import type { ModuleRequest } from '@twinflow/core';
import { MapperOptionsError, ModuleRequestValidationError, toModuleLambdaPayload } from '../../src';

const NOW = Date.UTC(2026, 10, 24, 8, 0, 0, 123);
const now = (): number => NOW;

const command: ModuleRequest = {
  command: 'process',
  args: ['arg1', 'arg2'],
  userId: 'user_123',
  entityId: 'entity_456',
  communityId: 'community_789',
  sessionId: 'session_abc123',
  platform: 'discord',
  metadata: {
    community: { name: 'My Community', isSubscribed: false, subscriptionOrderId: 'order_123', seatCount: 50 },
    user: { username: 'MyUser', platformUserId: 'discord_123' },
    entity: { platformEntityId: 'channel_456' },
  },
  scopes: ['community.read'],
};

function thrown(act: () => unknown): Error {
  try {
    act();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('toModuleLambdaPayload', () => {
  it("builds a command's payload as the module SDK's exact JSON", () => {
    // Act
    const payload = toModuleLambdaPayload(command, { now });

    // Assess
    expect(JSON.stringify(payload)).toBe(
      '{"community":{"id":"community_789","name":"My Community","is_subscribed":false,"subscription_order_id":"order_123","seat_count":50},' +
        '"trigger":{"type":"command","command":"process","context_text":"arg1 arg2","event_type":null,"event_data":null},' +
        '"user":{"id":"user_123","username":"MyUser","platform":"discord","platform_user_id":"discord_123"},' +
        '"entity":{"id":"entity_456","platform":"discord","platform_entity_id":"channel_456"},' +
        '"request_id":"session_abc123","timestamp":"2026-11-24T08:00:00.123Z"}',
    );
  });

  it("builds an event's payload: event type and data, no command nor context text", () => {
    // Prepare
    const event: ModuleRequest = { ...command, metadata: { isEvent: true, eventType: 'subscription', eventData: { tier: 2, gift: true } } };

    // Act
    const payload = toModuleLambdaPayload(event, { now });

    // Assess
    expect(payload.trigger).toEqual({ type: 'event', command: null, context_text: null, event_type: 'subscription', event_data: { tier: 2, gift: true } });
    expect(Object.keys(payload.trigger)).toEqual(['type', 'command', 'context_text', 'event_type', 'event_data']);
  });

  it('gives an event without type or data nulls', () => {
    // Act
    const payload = toModuleLambdaPayload({ ...command, metadata: { isEvent: true } }, { now });

    // Assess
    expect(payload.trigger).toEqual({ type: 'event', command: null, context_text: null, event_type: null, event_data: null });
  });

  it("applies every one of the module SDK's defaults when metadata is missing", () => {
    // Prepare
    const bare: ModuleRequest = { ...command, args: [] };
    delete bare.metadata;
    delete bare.scopes;

    // Act
    const payload = toModuleLambdaPayload(bare, { now });

    // Assess
    expect(payload).toEqual({
      community: { id: 'community_789', name: 'Unknown Community', is_subscribed: true, subscription_order_id: null, seat_count: 0 },
      trigger: { type: 'command', command: 'process', context_text: null, event_type: null, event_data: null },
      user: { id: 'user_123', username: 'unknown', platform: 'discord', platform_user_id: 'user_123' },
      entity: { id: 'entity_456', platform: 'discord', platform_entity_id: 'entity_456' },
      request_id: 'session_abc123',
      timestamp: '2026-11-24T08:00:00.123Z',
    });
  });

  it('applies the defaults field by field inside partial metadata', () => {
    // Act
    const payload = toModuleLambdaPayload(
      { ...command, metadata: { community: { seatCount: 3 }, user: { platformUserId: 'p1' }, entity: {} } },
      { now },
    );

    // Assess
    expect(payload.community).toEqual({ id: 'community_789', name: 'Unknown Community', is_subscribed: true, subscription_order_id: null, seat_count: 3 });
    expect(payload.user).toEqual({ id: 'user_123', username: 'unknown', platform: 'discord', platform_user_id: 'p1' });
    expect(payload.entity.platform_entity_id).toBe('entity_456');
  });

  it('keeps an explicit null subscription order id and ignores isEvent: false', () => {
    // Act
    const payload = toModuleLambdaPayload({ ...command, metadata: { isEvent: false, eventType: 'x', community: { subscriptionOrderId: null } } }, { now });

    // Assess
    expect(payload.community.subscription_order_id).toBeNull();
    expect(payload.trigger).toMatchObject({ type: 'command', command: 'process', event_type: null });
  });

  it('reads the injected clock once per payload, and defaults to Date.now', () => {
    // Prepare
    let calls = 0;
    const counting = (): number => {
      calls += 1;
      return NOW + calls;
    };

    // Act
    const first = toModuleLambdaPayload(command, { now: counting });
    const second = toModuleLambdaPayload(command, { now: counting });
    const before = Date.now();
    const live = Date.parse(toModuleLambdaPayload(command).timestamp);

    // Assess
    expect([first.timestamp, second.timestamp]).toEqual(['2026-11-24T08:00:00.124Z', '2026-11-24T08:00:00.125Z']);
    expect(live).toBeGreaterThanOrEqual(before);
    expect(live).toBeLessThanOrEqual(Date.now());
  });

  it.each<[string, unknown, string]>([
    ['a request that is not an object', null, 'request'],
    ['a missing command', { ...command, command: undefined }, 'command'],
    ['args that are a string', { ...command, args: 'arg1 arg2' }, 'args'],
    ['a non-string arg', { ...command, args: ['a', 1] }, 'args'],
    ['a numeric userId', { ...command, userId: 123 }, 'userId'],
    ['a missing sessionId', { ...command, sessionId: undefined }, 'sessionId'],
    ['scopes that are not strings', { ...command, scopes: [1] }, 'scopes'],
    ['metadata that is an array', { ...command, metadata: [] }, 'metadata'],
    ['community that is a string', { ...command, metadata: { community: 'c' } }, 'metadata.community'],
    ['a numeric community name', { ...command, metadata: { community: { name: 1 } } }, 'metadata.community.name'],
    ['a string isSubscribed', { ...command, metadata: { community: { isSubscribed: 'yes' } } }, 'metadata.community.isSubscribed'],
    ['a NaN seatCount', { ...command, metadata: { community: { seatCount: Number.NaN } } }, 'metadata.community.seatCount'],
    ['a numeric subscriptionOrderId', { ...command, metadata: { community: { subscriptionOrderId: 1 } } }, 'metadata.community.subscriptionOrderId'],
    ['a null username', { ...command, metadata: { user: { username: null } } }, 'metadata.user.username'],
    ['a numeric platformUserId', { ...command, metadata: { user: { platformUserId: 1 } } }, 'metadata.user.platformUserId'],
    ['a numeric platformEntityId', { ...command, metadata: { entity: { platformEntityId: 1 } } }, 'metadata.entity.platformEntityId'],
    ['a string isEvent', { ...command, metadata: { isEvent: 'true' } }, 'metadata.isEvent'],
    ['a numeric eventType', { ...command, metadata: { isEvent: true, eventType: 5 } }, 'metadata.eventType'],
  ])('rejects %s, naming the field', (_label, request, field) => {
    // Act
    const error = thrown(() => toModuleLambdaPayload(request as ModuleRequest, { now }));

    // Assess
    expect(error).toBeInstanceOf(ModuleRequestValidationError);
    expect(error).toMatchObject({ field, code: 'MODULE_REQUEST_INVALID' });
    expect(error.message.startsWith(`${field}: must be`)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['options that are not an object', 'now'],
    ['a clock that is not a function', { now: 5 }],
    ['a clock that returns no epoch ms', { now: () => Number.NaN }],
  ])('rejects %s with a MapperOptionsError', (_label, options) => {
    // Act
    const error = thrown(() => toModuleLambdaPayload(command, options as { now: () => number }));

    // Assess
    expect(error).toBeInstanceOf(MapperOptionsError);
  });
});
