import net from 'node:net';
import { TwinStartError } from './errors';

/** The twin's three ports: the Lambda API, DynamoDB and the health page. */
export interface TwinPorts {
  lambda: number;
  dynamodb: number;
  health: number;
}

/** The ports `npm start` uses unless told otherwise. */
export const DEFAULT_PORTS: Readonly<TwinPorts> = { lambda: 3002, dynamodb: 4567, health: 3100 };

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Rejects with a TwinStartError naming every port already in use. */
export async function assertPortsFree(ports: TwinPorts): Promise<void> {
  const named: Array<[string, number]> = [
    ['Lambda', ports.lambda],
    ['DynamoDB', ports.dynamodb],
    ['health page', ports.health],
  ];
  const busy: string[] = [];
  for (const [name, port] of named) if (!(await isFree(port))) busy.push(`${name} port ${port}`);
  if (busy.length > 0) {
    throw new TwinStartError(
      `${busy.join(', ')} ${busy.length === 1 ? 'is' : 'are'} already in use — is another local twin running? ` +
        'Stop it, or pick other ports (--lambda-port, --dynamodb-port, --health-port).',
    );
  }
}
