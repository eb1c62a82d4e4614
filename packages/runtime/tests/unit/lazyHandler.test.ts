import { lazyHandler } from '../../src';

describe('lazyHandler', () => {
  it('builds once, on the first call, and reuses the instance', async () => {
    // Prepare
    const build = jest.fn(() => async (event: number) => event * 2);
    const handler = lazyHandler(build);
    // Act / Assess
    expect(build).not.toHaveBeenCalled();
    await expect(handler(2, undefined)).resolves.toBe(4);
    await expect(handler(5, undefined)).resolves.toBe(10);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('rejects (does not throw) when building fails, and tries again on the next call', async () => {
    const build = jest.fn().mockImplementationOnce(() => {
      throw new Error('TWIN_NAME is required');
    }).mockImplementation(() => async () => 'ok');
    const handler = lazyHandler<unknown, unknown, string>(build);
    const first = handler({}, undefined);
    await expect(first).rejects.toThrow('TWIN_NAME is required');
    await expect(handler({}, undefined)).resolves.toBe('ok');
  });
});
