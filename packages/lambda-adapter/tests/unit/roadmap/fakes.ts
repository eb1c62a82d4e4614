/** A clock that only moves when told to, and a sleep that moves it (and records each wait) instead of waiting. */
export interface FakeTime {
  clock: { now: () => number };
  sleep: (ms: number) => Promise<void>;
  advance: (ms: number) => void;
  waits: number[];
}

export function fakeTime(start = Date.UTC(2026, 10, 24, 8, 0, 0)): FakeTime {
  let now = start;
  const waits: number[] = [];
  return {
    clock: { now: () => now },
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
    waits,
  };
}

/** The error a call throws, for asserting on its fields. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/** The error a function throws. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the function to throw');
}
