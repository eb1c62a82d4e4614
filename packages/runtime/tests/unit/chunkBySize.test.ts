import { chunkBySize } from '../../src';

describe('chunkBySize', () => {
  const size = (n: number) => n;

  it('splits by item count, keeping order', () => {
    // Act / Assess
    expect(chunkBySize([1, 1, 1, 1, 1], size, { maxItems: 2, maxBytes: 100 })).toEqual([[1, 1], [1, 1], [1]]);
  });

  it('splits by bytes before a chunk would exceed the limit', () => {
    // Act / Assess
    expect(chunkBySize([40, 40, 40, 10], size, { maxItems: 10, maxBytes: 100 })).toEqual([[40, 40], [40, 10]]);
  });

  it('sends an item larger than the limit alone', () => {
    // Act / Assess
    expect(chunkBySize([10, 500, 10], size, { maxItems: 10, maxBytes: 100 })).toEqual([[10], [500], [10]]);
  });

  it('returns no chunk for no items', () => {
    // Act / Assess
    expect(chunkBySize([], size, { maxItems: 10, maxBytes: 100 })).toEqual([]);
  });
});
