import path from 'node:path';
import { describeServiceBundle } from '@twinflow/testing/serviceSuites';

const serviceDir = path.resolve(__dirname, '../..');

// Writes the hot table (DynamoDB) and failures to SQS (@twinflow/runtime).
describeServiceBundle(serviceDir, { awsSdkModules: ['@aws-sdk/client-dynamodb', '@aws-sdk/client-sqs'] });
