import { isExecuteRequest, isModuleRequest, type ExecuteRequest, type ModuleRequest } from '../../src';

const envelope: ExecuteRequest = {
  requestId: 'req-1',
  timestamp: '2026-11-24T08:00:00.000Z',
  trigger: 'telemetry',
  source: 'demo-dispatcher',
  payload: { events: [] },
};

const moduleRequest: ModuleRequest = {
  command: 'analyze',
  args: ['dataset.csv'],
  userId: 'user_123',
  entityId: 'entity_456',
  communityId: 'community_789',
  sessionId: 'session_abc123',
  platform: 'discord',
  metadata: { user: { username: 'MyUser' } },
  scopes: ['community.read'],
};

describe('isExecuteRequest', () => {
  it.each<[string, unknown]>([
    ['a full envelope', envelope],
    ['an envelope without source', { requestId: 'r', timestamp: 't', trigger: 'x', payload: null }],
    ['an envelope with a primitive payload', { requestId: 'r', timestamp: 't', trigger: 'x', payload: 0 }],
  ])('recognises %s', (_label, value) => {
    // Act
    const recognised = isExecuteRequest(value);

    // Assess
    expect(recognised).toBe(true);
  });

  it.each<[string, unknown]>([
    ['a module request', moduleRequest],
    ['an envelope without payload', { ...envelope, payload: undefined }],
    ['a numeric requestId', { ...envelope, requestId: 1 }],
    ['a missing timestamp', { requestId: 'r', trigger: 'x', payload: {} }],
    ['a non-string trigger', { ...envelope, trigger: null }],
    ['a non-string source', { ...envelope, source: 7 }],
    ['null', null],
    ['an array', [envelope]],
    ['a string', 'req-1'],
  ])('rejects %s', (_label, value) => {
    // Act
    const recognised = isExecuteRequest(value);

    // Assess
    expect(recognised).toBe(false);
  });
});

describe('isModuleRequest', () => {
  it.each<[string, unknown]>([
    ['a full module request', moduleRequest],
    ['one without metadata and scopes', { ...moduleRequest, metadata: undefined, scopes: undefined }],
    ['an event with an empty command and no args', { ...moduleRequest, command: '', args: [], metadata: { isEvent: true } }],
  ])('recognises %s', (_label, value) => {
    // Act
    const recognised = isModuleRequest(value);

    // Assess
    expect(recognised).toBe(true);
  });

  it.each<[string, unknown]>([
    ['an envelope', envelope],
    ['a missing command', { ...moduleRequest, command: undefined }],
    ['args that are not an array', { ...moduleRequest, args: 'dataset.csv' }],
    ['a non-string arg', { ...moduleRequest, args: ['a', 2] }],
    ...(['userId', 'entityId', 'communityId', 'sessionId', 'platform'] as const).map((field): [string, unknown] => [
      `a missing ${field}`,
      { ...moduleRequest, [field]: undefined },
    ]),
    ['metadata that is an array', { ...moduleRequest, metadata: [] }],
    ['null metadata', { ...moduleRequest, metadata: null }],
    ['scopes that are not an array', { ...moduleRequest, scopes: 'community.read' }],
    ['null', null],
    ['an array', [moduleRequest]],
  ])('rejects %s', (_label, value) => {
    // Act
    const recognised = isModuleRequest(value);

    // Assess
    expect(recognised).toBe(false);
  });

  it('tells the two shapes apart', () => {
    // Act
    const verdicts = [envelope, moduleRequest].map((value) => [isExecuteRequest(value), isModuleRequest(value)]);

    // Assess
    expect(verdicts).toEqual([
      [true, false],
      [false, true],
    ]);
  });
});
