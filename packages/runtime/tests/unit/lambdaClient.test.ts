import { createLambdaClient } from '../../src';

describe('createLambdaClient', () => {
  it('builds a client without SDK retries, with the endpoint', async () => {
    const client = createLambdaClient({ region: 'eu-central-1', endpoint: 'http://127.0.0.1:3002' });
    expect(await client.config.maxAttempts()).toBe(1);
    expect(await client.config.region()).toBe('eu-central-1');
    const endpoint = await client.config.endpoint?.();
    expect(endpoint?.hostname).toBe('127.0.0.1');
    expect(endpoint?.port).toBe(3002);
  });

  it('shares one client per region and endpoint', () => {
    const a = createLambdaClient({ region: 'eu-central-1', endpoint: 'http://127.0.0.1:3002' });
    expect(createLambdaClient({ region: 'eu-central-1', endpoint: 'http://127.0.0.1:3002' })).toBe(a);
    expect(createLambdaClient({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:3002' })).not.toBe(a);
  });
});
