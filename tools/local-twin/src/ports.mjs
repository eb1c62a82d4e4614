import net from 'node:net';

/** Rejects with a clear message naming every port already in use. */
export async function assertPortsFree(ports) {
  const busy = [];
  for (const [name, port] of Object.entries(ports)) {
    const free = await new Promise((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (!free) busy.push(`${name} port ${port}`);
  }
  if (busy.length > 0) {
    throw new Error(
      `${busy.join(', ')} ${busy.length === 1 ? 'is' : 'are'} already in use — is another local twin running? ` +
        'Stop it, or pick other ports (--lambda-port, --dynamodb-port, --health-port).',
    );
  }
}
