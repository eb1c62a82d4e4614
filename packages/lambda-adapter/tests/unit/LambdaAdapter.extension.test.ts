import 'aws-sdk-client-mock-jest';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { silentLogger } from '@twinflow/core';
import type { ExecuteRequest, ExecuteResponse, JsonValue, ModuleRequest } from '@twinflow/core';
import { LambdaAdapter, LambdaAdapterConfigError } from '../../src';
import type { LambdaAdapterCodec, LambdaAdapterOptions, LambdaAdapterRequest, LambdaRequestPayload } from '../../src';
import { TEST_FUNCTION, body, fakeClock } from './helpers';

const lambdaMock = mockClient(LambdaClient);
const decoder = new TextDecoder();

const moduleRequest: ModuleRequest = {
  command: 'help',
  args: [],
  userId: 'u1',
  entityId: 'e1',
  communityId: 'c1',
  sessionId: 's1',
  platform: 'twitch',
};
const envelope: ExecuteRequest = { requestId: 'r1', timestamp: '2026-11-24T08:00:00.000Z', trigger: 'telemetry', payload: { a: 1 } };

/** The original module SDK README's `CustomLambdaAdapter`, in TypeScript. */
class CustomLambdaAdapter extends LambdaAdapter {
  public readonly seen: Array<JsonValue | undefined> = [];

  protected override buildPayload(request: LambdaAdapterRequest): LambdaRequestPayload {
    const payload = super.buildPayload(request);
    return payload instanceof Uint8Array ? payload : { ...payload, custom_field: 'custom_value' };
  }

  protected override parseResponse(body: JsonValue | undefined, output: InvokeCommandOutput): ExecuteResponse {
    this.seen.push(body);
    const response = super.parseResponse(body, output);
    return { ...response, data: { ...response.data, executedVersion: output.ExecutedVersion ?? null } };
  }
}

function sentJson(n = 0): unknown {
  const input = lambdaMock.commandCalls(InvokeCommand)[n]?.args[0].input;
  return JSON.parse(decoder.decode(input?.Payload as Uint8Array));
}

function options(extra: Partial<LambdaAdapterOptions> = {}): LambdaAdapterOptions {
  return {
    functionName: TEST_FUNCTION,
    client: new LambdaClient({ region: 'eu-central-1', maxAttempts: 1 }),
    logger: silentLogger,
    clock: fakeClock(),
    sleep: async () => undefined,
    ...extra,
  };
}

describe('LambdaAdapter extension points', () => {
  beforeEach(() => {
    lambdaMock.reset();
  });

  describe('a subclass overriding buildPayload and parseResponse', () => {
    it('adds a field to the module payload and post-processes the response, through super', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, ExecutedVersion: '3', Payload: body({ success: true, response_type: 'text' }) });
      const adapter = new CustomLambdaAdapter(options());

      // Act
      const response = await adapter.execute(moduleRequest);

      // Assess
      expect(sentJson()).toMatchObject({ request_id: 's1', trigger: { command: 'help', context_text: null }, custom_field: 'custom_value' });
      expect(adapter.seen).toEqual([{ success: true, response_type: 'text' }]);
      expect(response).toEqual({ success: true, data: { response_type: 'text', executedVersion: '3' }, targets: [] });
    });

    it("leaves an envelope's bytes as they are", async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ success: true }) });
      const adapter = new CustomLambdaAdapter(options());

      // Act
      await adapter.execute(envelope);

      // Assess
      expect(sentJson()).toEqual(envelope);
    });

    it('is not asked to parse an Event invocation', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
      const adapter = new CustomLambdaAdapter(options({ invocationType: 'Event' }));

      // Act
      const response = await adapter.execute(moduleRequest);

      // Assess
      expect(response).toEqual({ success: true, message: 'Lambda function queued', data: { statusCode: 202 }, targets: [] });
      expect(adapter.seen).toEqual([]);
    });

    it('gets undefined for a body that is not JSON, and super still reports it', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: new TextEncoder().encode('oops') as never });
      const adapter = new CustomLambdaAdapter(options());

      // Act
      const response = await adapter.execute(moduleRequest);

      // Assess
      expect(adapter.seen).toEqual([undefined]);
      expect(response).toMatchObject({ success: false, error: 'response body is not JSON: "oops"', errorDetails: { type: 'InvalidResponseError' } });
    });

    it('turns a parser that throws or returns no ExecuteResponse into a failure that counts on health', async () => {
      // Prepare
      class Throwing extends LambdaAdapter {
        protected override parseResponse(): ExecuteResponse {
          throw new RangeError('bad answer');
        }
      }
      class Careless extends LambdaAdapter {
        protected override parseResponse(): ExecuteResponse {
          return { ok: true } as unknown as ExecuteResponse;
        }
      }
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ success: true }) });
      const throwing = new Throwing(options());
      const careless = new Careless(options());

      // Act
      const thrown = await throwing.execute(moduleRequest);
      const returned = await careless.execute(moduleRequest);

      // Assess
      expect(thrown).toMatchObject({ success: false, error: 'bad answer', errorDetails: { type: 'RangeError' }, targets: [] });
      expect(returned).toMatchObject({ success: false, error: expect.stringMatching(/^parseResponse returned an object, not an ExecuteResponse/) });
      expect(throwing.health()).toMatchObject({ consecutiveFailures: 1, lastError: { type: 'RangeError' } });
    });
  });

  describe('the codec option', () => {
    it('wraps the built-in payload and parser, which it reaches through next', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ success: true, message: ' padded ' }) });
      const codec: LambdaAdapterCodec = {
        buildPayload: (request, next) => {
          const payload = next(request);
          return payload instanceof Uint8Array ? payload : { ...payload, tenant: 'acme' };
        },
        parseResponse: (body, output, next) => {
          const response = next(body, output);
          return { ...response, message: response.message?.trim() ?? '' };
        },
      };
      const adapter = new LambdaAdapter(options({ codec }));

      // Act
      const response = await adapter.execute(moduleRequest);

      // Assess
      expect(sentJson()).toMatchObject({ request_id: 's1', tenant: 'acme' });
      expect(response).toEqual({ success: true, message: 'padded', targets: [] });
    });

    it('may replace the payload altogether and keeps methods bound to a class-instance codec', async () => {
      // Prepare
      class BytesCodec {
        private readonly prefix = 'raw:';
        public buildPayload(request: LambdaAdapterRequest): LambdaRequestPayload {
          return new TextEncoder().encode(JSON.stringify(`${this.prefix}${'command' in request ? request.command : request.requestId}`));
        }
      }
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ success: true }) });
      const adapter = new LambdaAdapter(options({ codec: new BytesCodec() }));

      // Act
      await adapter.execute(moduleRequest);

      // Assess
      expect(sentJson()).toBe('raw:help');
    });

    it("runs inside the class's methods, so a subclass's super call gets the codec's result", async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ success: true }) });
      const codec: LambdaAdapterCodec = { buildPayload: (request, next) => ({ ...(next(request) as Record<string, JsonValue>), from_codec: true }) };
      const adapter = new CustomLambdaAdapter(options({ codec }));

      // Act
      await adapter.execute(moduleRequest);

      // Assess
      expect(sentJson()).toMatchObject({ from_codec: true, custom_field: 'custom_value' });
    });

    it('turns a hook that throws into a failure without invoking', async () => {
      // Prepare
      const adapter = new LambdaAdapter(
        options({
          codec: {
            buildPayload: () => {
              throw new Error('no tenant');
            },
          },
        }),
      );

      // Act
      const response = await adapter.execute(envelope);

      // Assess
      expect(response).toMatchObject({ success: false, error: 'no tenant', errorDetails: { type: 'Error' } });
      expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 0);
    });

    it.each<[string, unknown, string]>([
      ['a codec that is not an object', 'json', 'codec'],
      ['a codec that is an array', [], 'codec'],
      ['an unknown hook', { parse: () => undefined }, 'codec.parse'],
      ['a buildPayload that is not a function', { buildPayload: 'x' }, 'codec.buildPayload'],
      ['a parseResponse that is not a function', { parseResponse: {} }, 'codec.parseResponse'],
    ])('rejects %s at construction, naming the option', (_label, codec, option) => {
      // Act
      const act = (): LambdaAdapter => new LambdaAdapter(options({ codec: codec as LambdaAdapterCodec }));

      // Assess
      expect(act).toThrow(LambdaAdapterConfigError);
      expect(act).toThrow(expect.objectContaining({ option, message: expect.stringContaining(`Invalid option "${option}"`) }));
    });
  });
});
