import { AttemptSignal } from '../../src/AttemptSignal';

describe('AttemptSignal', () => {
  it('starts not aborted, with no handler', () => {
    const signal = new AttemptSignal();
    expect(signal).toMatchObject({ aborted: false, reason: undefined, onabort: null });
  });

  it('calls onabort once, with the signal as this, and keeps the reason', () => {
    // Prepare
    const signal = new AttemptSignal();
    const calls: unknown[] = [];
    signal.onabort = function onabort(this: AttemptSignal) {
      calls.push(this);
    };
    const reason = new Error('too slow');
    // Act
    signal.abort(reason);
    signal.abort(new Error('again'));
    // Assess
    expect(calls).toEqual([signal]);
    expect(signal).toMatchObject({ aborted: true, reason });
  });

  it('ignores a handler that throws', () => {
    const signal = new AttemptSignal();
    signal.onabort = () => {
      throw new Error('handler bug');
    };
    expect(() => signal.abort('late')).not.toThrow();
    expect(signal.aborted).toBe(true);
  });

  it('aborts without a handler', () => {
    const signal = new AttemptSignal();
    signal.abort('no one listening');
    expect(signal.reason).toBe('no one listening');
  });
});
