#!/usr/bin/env node
// `npm start`: the local twin (dynalite + serverless-offline + simulator + health page).
// The embedded stack lands with the local-twin work; until then this prints the plan and
// checks that the workspace configuration it will run on is valid.
import { readFileSync } from 'node:fs';

const twin = JSON.parse(readFileSync(new URL('../../config/twin.json', import.meta.url), 'utf8'));
const devices = JSON.parse(readFileSync(new URL('../../config/config_iot_devices.json', import.meta.url), 'utf8'));

console.log(`twinflow local twin "${twin.twinName}" (${devices.length} registered device${devices.length === 1 ? '' : 's'})`);
console.log('Not wired yet. When it is, `npm start` will:');
console.log('  1. start DynamoDB (dynalite) on 127.0.0.1:4567 and create the hot table', `${twin.twinName}-hot`);
console.log('  2. serve every function on the Lambda API at 127.0.0.1:3002 (serverless-offline)');
console.log('  3. simulate telemetry for every registered device and show live progress');
console.log('  4. serve the health page on http://127.0.0.1:3100/');
