import { CapacityInputError } from '../../src/errors';
import { describeRate, parseRate } from '../../src/rate';

describe('parseRate', () => {
  it.each([
    ['1/s', 1],
    ['1/min', 1 / 60],
    ['1/h', 1 / 3600],
    ['6/min', 0.1],
    ['2', 2],
    ['0.5', 0.5],
    [' 3 / hour ', 3 / 3600],
  ])('%s is %d readings/s', (text, perSecond) => {
    // Assess
    expect(parseRate(text)).toBeCloseTo(perSecond, 12);
  });

  it.each(['0', '0/s', '-1/s', '1/week', 'fast', '', '1/', '1e3'])('refuses %j', (text) => {
    // Assess
    expect(() => parseRate(text)).toThrow(CapacityInputError);
  });

  it('writes rates back as people say them', () => {
    // Assess
    expect(describeRate(1)).toBe('1 reading/s');
    expect(describeRate(1 / 60)).toBe('1 reading/min');
    expect(describeRate(0.1)).toBe('6 readings/min');
    expect(describeRate(1 / 3600)).toBe('1 reading/h');
  });
});
