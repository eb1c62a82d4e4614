import { TwinflowError } from '@twinflow/core';
import { RetryStrategy, withRetries } from '../../src';
import type { GiveUp, RetryEvent } from '../../src';
import { awsError, networkError } from '@twinflow/testing/awsErrors';

/** A strategy with initialDelayMs 500, maxDelayMs 30 s, a fixed random and a sleep that records its waits. */
function strategyFor(maxRetries: number, random = 0.5): { strategy: RetryStrategy; waits: number[] } {
  const waits: number[] = [];
  const strategy = new RetryStrategy({
    maxRetries,
    initialDelayMs: 500,
    maxDelayMs: 30_000,
    random: () => random,
    sleep: async (ms) => void waits.push(ms),
  });
  return { strategy, waits };
}

/** An operation that fails with the given errors, in order, then resolves `value`; `calls` records each attempt number. */
function failingThen<T>(errors: unknown[], value: T): { op: (attempt: number) => Promise<T>; calls: number[] } {
  const calls: number[] = [];
  const pending = [...errors];
  return {
    calls,
    op: async (attempt) => {
      calls.push(attempt);
      if (pending.length > 0) throw pending.shift();
      return value;
    },
  };
}

class ExhaustedError extends Error {
  public constructor(
    public readonly outcome: GiveUp,
    public override readonly cause: unknown,
  ) {
    super(`gave up after ${outcome.attempts}`);
  }
}

describe('withRetries', () => {
  it('resolves with the value and 1 attempt when the first attempt succeeds', async () => {
    // Prepare
    const { strategy, waits } = strategyFor(3);
    const { op, calls } = failingThen([], 'ok');

    // Act
    const result = await withRetries(op, { strategy });

    // Assess
    expect(result).toEqual({ value: 'ok', attempts: 1 });
    expect(calls).toEqual([1]);
    expect(waits).toEqual([]);
  });

  it("retries retryable errors with the strategy's exact delays, counting attempts from 1", async () => {
    // Prepare: random 0.5 → 0.5 * min(500 * 2^n, 30 000)
    const { strategy, waits } = strategyFor(3);
    const { op, calls } = failingThen([awsError('ThrottlingException', 400), networkError('ECONNRESET'), awsError('ServiceException', 500)], 42);

    // Act
    const result = await withRetries(op, { strategy });

    // Assess
    expect(result).toEqual({ value: 42, attempts: 4 });
    expect(calls).toEqual([1, 2, 3, 4]);
    expect(waits).toEqual([250, 500, 1_000]);
  });

  it('uses the injected random for every delay', async () => {
    // Prepare
    const { strategy, waits } = strategyFor(2, 0.1);
    const { op } = failingThen([networkError('ETIMEDOUT'), networkError('ETIMEDOUT')], 'ok');

    // Act
    await withRetries(op, { strategy });

    // Assess
    expect(waits).toEqual([50, 100]);
  });

  it('stops at maxRetries and gives up with { attempts: maxRetries + 1, exhausted: true }', async () => {
    // Prepare
    const { strategy, waits } = strategyFor(2);
    const errors = [networkError('ECONNRESET'), networkError('ECONNRESET'), networkError('ECONNRESET'), networkError('ECONNRESET')];
    const { op, calls } = failingThen(errors, 'never');
    const giveUp = jest.fn((error: unknown, outcome: GiveUp) => new ExhaustedError(outcome, error));

    // Act
    const failure = await withRetries(op, { strategy, giveUp }).catch((error: unknown) => error);

    // Assess
    expect(calls).toEqual([1, 2, 3]);
    expect(waits).toEqual([250, 500]);
    expect(giveUp).toHaveBeenCalledTimes(1);
    expect(giveUp).toHaveBeenCalledWith(errors[2], { attempts: 3, exhausted: true });
    expect(failure).toBeInstanceOf(ExhaustedError);
    expect(failure).toMatchObject({ outcome: { attempts: 3, exhausted: true }, cause: errors[2] });
  });

  it('makes a single attempt with maxRetries 0', async () => {
    // Prepare
    const { strategy, waits } = strategyFor(0);
    const { op, calls } = failingThen([networkError('ECONNRESET')], 'never');
    const giveUp = jest.fn((error: unknown) => error);

    // Act
    await expect(withRetries(op, { strategy, giveUp })).rejects.toThrow('socket ECONNRESET');

    // Assess
    expect(calls).toEqual([1]);
    expect(waits).toEqual([]);
    expect(giveUp).toHaveBeenCalledWith(expect.any(Error), { attempts: 1, exhausted: true });
  });

  it('stops at once on a non-retryable error, with exhausted false', async () => {
    // Prepare
    const { strategy, waits } = strategyFor(3);
    const missing = awsError('ResourceNotFoundException', 404);
    const { op, calls } = failingThen([networkError('ECONNRESET'), missing], 'never');
    const giveUp = jest.fn((error: unknown, outcome: GiveUp) => new ExhaustedError(outcome, error));

    // Act
    const failure = await withRetries(op, { strategy, giveUp }).catch((error: unknown) => error);

    // Assess
    expect(calls).toEqual([1, 2]);
    expect(waits).toEqual([250]);
    expect(giveUp).toHaveBeenCalledWith(missing, { attempts: 2, exhausted: false });
    expect(failure).toMatchObject({ outcome: { attempts: 2, exhausted: false }, cause: missing });
  });

  it("lets a twinflow error's retryable flag decide by default", async () => {
    // Prepare
    const { strategy } = strategyFor(3);
    const { op, calls } = failingThen([new TwinflowError('attempt timed out', 'TIMEOUT', { retryable: true }), new TwinflowError('bad', 'BAD')], 'never');

    // Act
    await expect(withRetries(op, { strategy })).rejects.toThrow('bad');

    // Assess
    expect(calls).toEqual([1, 2]);
  });

  it('tells onRetry the failed attempt, the delay and the error, before each wait', async () => {
    // Prepare
    const { strategy, waits } = strategyFor(3);
    const first = awsError('TooManyRequestsException', 429);
    const second = networkError('EPIPE');
    const { op } = failingThen([first, second], 'ok');
    const timeline: string[] = [];
    const events: RetryEvent[] = [];
    const waitFirst = strategy.wait.bind(strategy);
    jest.spyOn(strategy, 'wait').mockImplementation(async (ms) => {
      timeline.push(`wait ${ms}`);
      await waitFirst(ms);
    });

    // Act
    await withRetries(op, {
      strategy,
      onRetry: (event) => {
        timeline.push(`retry ${event.attempt}`);
        events.push(event);
      },
    });

    // Assess
    expect(events).toEqual([
      { attempt: 1, delayMs: 250, error: first },
      { attempt: 2, delayMs: 500, error: second },
    ]);
    expect(timeline).toEqual(['retry 1', 'wait 250', 'retry 2', 'wait 500']);
    expect(waits).toEqual([250, 500]);
  });

  it('does not call onRetry when it gives up', async () => {
    // Prepare
    const { strategy } = strategyFor(1);
    const { op } = failingThen([networkError('ECONNRESET'), networkError('ECONNRESET')], 'never');
    const onRetry = jest.fn();

    // Act
    await expect(withRetries(op, { strategy, onRetry })).rejects.toThrow('socket ECONNRESET');

    // Assess
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('asks classify once per failed attempt, the last one included, with the attempt number', async () => {
    // Prepare: classify retries what classifyError would not, and refuses the third failure
    const { strategy } = strategyFor(5);
    const errors = [new TypeError('odd'), new TypeError('odd'), new TypeError('final')];
    const { op, calls } = failingThen(errors, 'never');
    const classify = jest.fn((_error: unknown, attempt: number) => attempt < 3);
    const giveUp = jest.fn((error: unknown) => error);

    // Act
    await expect(withRetries(op, { strategy, classify, giveUp })).rejects.toThrow('final');

    // Assess
    expect(calls).toEqual([1, 2, 3]);
    expect(classify.mock.calls).toEqual([
      [errors[0], 1],
      [errors[1], 2],
      [errors[2], 3],
    ]);
    expect(giveUp).toHaveBeenCalledWith(errors[2], { attempts: 3, exhausted: false });
  });

  it('lets classify refuse what classifyError would retry', async () => {
    // Prepare
    const { strategy, waits } = strategyFor(3);
    const { op, calls } = failingThen([awsError('ThrottlingException', 400)], 'never');

    // Act
    await expect(withRetries(op, { strategy, classify: () => false })).rejects.toThrow('ThrottlingException');

    // Assess
    expect(calls).toEqual([1]);
    expect(waits).toEqual([]);
  });

  it('rethrows the last error itself by default', async () => {
    // Prepare
    const { strategy } = strategyFor(1);
    const last = networkError('ECONNREFUSED');
    const { op } = failingThen([networkError('ECONNRESET'), last], 'never');

    // Act
    const failure = await withRetries(op, { strategy }).catch((error: unknown) => error);

    // Assess
    expect(failure).toBe(last);
  });

  it('rethrows a non-Error value as it is', async () => {
    // Prepare
    const { strategy } = strategyFor(3);

    // Act
    const failure = await withRetries(() => Promise.reject('plain string'), { strategy }).catch((error: unknown) => error);

    // Assess
    expect(failure).toBe('plain string');
  });

  it('counts a synchronous throw from op as a failed attempt', async () => {
    // Prepare
    const { strategy, waits } = strategyFor(3);
    let attempts = 0;
    const op = (attempt: number): Promise<string> => {
      attempts = attempt;
      if (attempt === 1) throw networkError('ECONNRESET');
      return Promise.resolve('ok');
    };

    // Act
    const result = await withRetries(op, { strategy });

    // Assess
    expect(result).toEqual({ value: 'ok', attempts: 2 });
    expect(attempts).toBe(2);
    expect(waits).toEqual([250]);
  });
});
