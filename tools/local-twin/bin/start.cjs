#!/usr/bin/env node
// `npm start`'s entry: runs src/cli.ts in this very process — TypeScript through tsx, the
// workspace packages from their sources (tsconfig paths) — so the twin's signals, pid and exit
// code are this process's own (no wrapper process between a terminal and the twin).
'use strict';
const path = require('node:path');

process.env.TSX_TSCONFIG_PATH ??= path.join(__dirname, '..', 'tsconfig.json');
// The SDK's notice that its 2027 releases need Node 22: the twin runs on the project's Node (20 or 22).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs');
require('../src/cli.ts').runCli(process.argv.slice(2));
