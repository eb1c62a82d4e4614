// Runs the twin's DynamoDB (src/dynamo.mjs, ESM) in its own process for dynamoFront.test.ts: Jest
// runs TypeScript as CommonJS and cannot import it. Options as JSON in argv[2]
// ({ tables, backendEndpoint? }); prints {"endpoint"} once listening, then obeys stdin lines:
// "available true|false" (answers "ok"), "close" (exits).
import readline from 'node:readline';
import { startDynamo } from '../../src/dynamo.mjs';

const options = JSON.parse(process.argv[2] ?? '{}');
const dynamo = await startDynamo({ port: 0, region: 'eu-central-1', tables: options.tables ?? [], backendEndpoint: options.backendEndpoint });
process.stdout.write(`${JSON.stringify({ endpoint: dynamo.endpoint })}\n`);

for await (const line of readline.createInterface({ input: process.stdin })) {
  const [command, value] = line.trim().split(' ');
  if (command === 'available') {
    await dynamo.setAvailable(value === 'true');
    process.stdout.write('ok\n');
  } else if (command === 'close') {
    await dynamo.close();
    process.exit(0);
  }
}
