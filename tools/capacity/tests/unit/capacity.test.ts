import { billedMs, capacity, SECONDS_PER_MONTH } from '../../src/capacity';
import { CUSTOM_METRIC_TIERS, tieredCost } from '../../src/prices';
import { hundredDevices, noLogs, roundDurations } from './factories';

const line = (costs: Array<{ item: string; usdPerMonth: number }>, item: string): number => costs.find((c) => c.item.startsWith(item))?.usdPerMonth ?? Number.NaN;

describe('capacity', () => {
  it('bills a hand-computed fleet: 100 devices × 1/s, device messages', () => {
    // Prepare: per message dispatcher 10 ms + wrapper 20 (its own 15 + the processor's 5) + processor 5 + persister 8 = 43 ms
    // Act
    const { device, readings } = capacity(hundredDevices());
    // Assess
    expect(readings).toBe(100 * SECONDS_PER_MONTH); // 259.2M in 30 days
    expect(device.messages).toBe(259_200_000);
    expect(device.invocations).toBe(4 * 259_200_000);
    expect(device.functions.wrapper.billedMsPerInvocation).toBe(20);
    expect(device.gbSeconds).toBeCloseTo(0.5 * 0.043 * 259_200_000, 3); // 5,572,800 GB-s
    expect(line(device.costs, 'Lambda duration')).toBeCloseTo(74.3044, 3);
    expect(line(device.costs, 'Lambda requests')).toBeCloseTo(207.36, 6);
    expect(device.writeUnits).toBe(2 * 259_200_000); // 1.5 KB items: 2 write units each
    expect(line(device.costs, 'DynamoDB writes')).toBeCloseTo(324, 6);
    expect(device.concurrency).toBeCloseTo(100 * 0.043, 9);
    expect(device.usdPerMillionReadings).toBeCloseTo((device.usdPerMonth / 259_200_000) * 1e6, 9);
  });

  it('bills the same fleet in gateway messages of 25 readings from 25 devices', () => {
    // Prepare: dispatcher 34 ms; wrapper 15 + 4 rounds (25 calls, 8 at a time) × 5 = 35; 25 processor calls × 5; persister 32
    // Act
    const { gateway } = capacity(hundredDevices());
    // Assess
    expect(gateway.devicesPerMessage).toBe(25);
    expect(gateway.messages).toBe(10_368_000);
    expect(gateway.functions.processor.invocations).toBe(25 * 10_368_000);
    expect(gateway.functions.wrapper.billedMsPerInvocation).toBe(35);
    expect(gateway.invocations).toBe(290_304_000);
    expect(gateway.gbSeconds).toBeCloseTo(1_171_584, 3);
    expect(line(gateway.costs, 'Lambda duration')).toBeCloseTo(15.6212, 3);
    expect(gateway.concurrency).toBeCloseTo(4 * 0.226, 9);
    expect(gateway.writeUnits).toBe(2 * 259_200_000);
  });

  it('batching cuts invocations: a gateway of one device needs one processor call per message', () => {
    // Act
    const { device, gateway } = capacity(hundredDevices({ devicesPerMessage: 1 }));
    // Assess
    expect(gateway.functions.processor.invocations).toBe(gateway.messages);
    expect(gateway.invocations).toBe(4 * gateway.messages);
    expect(device.invocations / gateway.invocations).toBe(25);
  });

  it('never puts more devices in a message than the fleet has', () => {
    // Act
    const { gateway } = capacity(hundredDevices({ devices: 3 }));
    // Assess
    expect(gateway.devicesPerMessage).toBe(3);
    expect(gateway.functions.processor.invocations).toBe(3 * gateway.messages);
  });

  it('counts log bytes per invocation, per reading and per processor call', () => {
    // Prepare: 1 KiB per invocation everywhere, and the wrapper 1 KiB per processor call
    const logBytes = noLogs();
    for (const fn of ['dispatcher', 'wrapper', 'processor', 'persister'] as const) logBytes[fn].perInvocation = 1024;
    logBytes.persister.perReading = 1024;
    logBytes.wrapper.perProcessorCall = 1024;
    // Act
    const { device, gateway } = capacity(hundredDevices({ logBytes }));
    // Assess: device: 4 invocations + 1 reading + 1 call = 6 KiB a message; gateway: 28 invocations + 25 readings + 25 calls = 78 KiB
    expect(device.logGb).toBeCloseTo((6 * 1024 * 259_200_000) / 2 ** 30, 6);
    expect(gateway.logGb).toBeCloseTo((78 * 1024 * 10_368_000) / 2 ** 30, 6);
    expect(line(device.costs, 'CloudWatch Logs')).toBeCloseTo(device.logGb * 0.5, 9);
  });

  it('parks the failure share in the queue instead of the hot table', () => {
    // Act
    const { device } = capacity(hundredDevices({ failureRate: 0.01, itemBytes: 300 }));
    // Assess: 1% of 259.2M readings, 1.2 SQS requests each (send, a tenth of a receive and of a delete)
    expect(device.sqsRequests).toBeCloseTo(2_592_000 * 1.2, 3);
    expect(device.writeUnits).toBeCloseTo(259_200_000 * 0.99, 3);
  });

  it('bills one IoT message per 5 KB: a gateway message of 25 readings of 100 B is one', () => {
    // Act
    const small = capacity(hundredDevices());
    const large = capacity(hundredDevices({ readingBytes: 400 })); // 25 × 400 B + 26 + topic > 5 KB: two
    // Assess
    expect(line(small.gateway.costs, 'IoT Core messages')).toBeCloseTo(10_368_000 * 1e-6, 9);
    expect(line(large.gateway.costs, 'IoT Core messages')).toBeCloseTo(2 * 10_368_000 * 1e-6, 9);
  });

  it('says when the rate needs more concurrency than the account default', () => {
    // Act
    const report = capacity(hundredDevices({ devices: 100_000 }));
    // Assess: 100,000 readings/s × 43 ms = 4,300 in flight
    expect(report.device.concurrency).toBeCloseTo(4300, 6);
    expect(report.device.withinAccountLimit).toBe(false);
    expect(report.gateway.withinAccountLimit).toBe(true);
  });

  it('bills durations rounded up to the next millisecond', () => {
    // Assess
    expect(billedMs(0.2)).toBe(1);
    expect(billedMs(3)).toBe(3);
    expect(billedMs(3.01)).toBe(4);
    expect(billedMs(2.1 + 0.9)).toBe(3); // float noise does not cost a millisecond
  });

  it('rounds each invocation up, not the message: 1.2 + 1.2 + 0.6 + 1.2 ms bill 7 ms, not 5', () => {
    // Prepare
    const flat = { one: 1.2, batch: 1.2 };
    const durations = { ...roundDurations(), dispatcher: flat, processor: { one: 0.6, batch: 0.6 }, wrapper: { one: 1.2, batch: 1.2 }, persister: flat };
    // Act
    const { device } = capacity(hundredDevices({ durations }));
    // Assess: wrapper 1.2 (own 0.6 + processor 0.6) → 2 ms, processor 0.6 → 1 ms, the others 2 ms each
    expect(device.gbSeconds).toBeCloseTo(0.5 * ((2 + 2 + 1 + 2) / 1000) * device.messages, 3);
  });

  it('prices custom metrics by tier', () => {
    // Assess
    expect(tieredCost(5_000, CUSTOM_METRIC_TIERS)).toBeCloseTo(1_500, 9);
    expect(tieredCost(250_000, CUSTOM_METRIC_TIERS)).toBeCloseTo(3_000 + 24_000, 9);
    expect(tieredCost(2_000_000, CUSTOM_METRIC_TIERS)).toBeCloseTo(3_000 + 24_000 + 37_500 + 20_000, 9);
  });
});
