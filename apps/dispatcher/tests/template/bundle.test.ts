import path from 'node:path';
import { describeServiceBundle } from '@twinflow/testing/serviceSuites';

const serviceDir = path.resolve(__dirname, '../..');

// Invokes the wrapper (LambdaAdapter) and writes failures to SQS (@twinflow/runtime).
describeServiceBundle(serviceDir, { awsSdkModules: ['@aws-sdk/client-lambda', '@aws-sdk/client-sqs'] });
