// Serverless variable source: `custom.names: ${file(../../tools/deploy/src/serverlessNames.cjs)}`.
// Every name of the service for the stage (`--stage`, default dev) and region (`--region`, default
// config/twin.json's), from @twinflow/core, checked against AWS's limits before anything is packaged.
// The service says what it is with `custom.kind` (dispatcher | wrapper | persister | processor) and,
// for a processor, `custom.device`; a processor's `memorySize` (MB) and `timeout` (s) come from its
// entry in config/config_iot_devices.json (core's defaults when the entry leaves them out), the one
// place they are set.
'use strict';

const path = require('node:path');
const { loadCore, workspaceRoot } = require('./twinflowCore.cjs');

module.exports = async ({ options, resolveVariable }) => {
  const core = loadCore();
  const twinConfig = core.loadTwinConfig(path.join(workspaceRoot, 'config/twin.json'));
  const kind = await resolveVariable('self:custom.kind');
  const device = kind === 'processor' ? await resolveVariable('self:custom.device') : undefined;
  const names = core.deploymentNames({ twin: twinConfig.twinName, stage: options.stage ?? core.DEFAULT_STAGE, region: options.region ?? twinConfig.region });
  core.checkDeploymentNames({ twin: names.twin, stage: names.stage, region: names.region, devices: device === undefined ? [] : [device] });
  const functionName = kind === 'processor' ? names.processor(device) : names.functions[kind];
  if (functionName === undefined) throw new Error(`custom.kind must be dispatcher, wrapper, persister or processor, got ${JSON.stringify(kind)}`);
  return {
    ...(device === undefined ? {} : processorSizing(core, device)),
    twin: names.twin,
    stage: names.stage,
    region: names.region,
    dispatcher: names.functions.dispatcher,
    wrapper: names.functions.wrapper,
    persister: names.functions.persister,
    hotTable: names.hotTable,
    failureQueue: names.failureQueue,
    processorPattern: names.processorPattern,
    topicFilter: names.topicFilter,
    topicDeviceLevel: names.topicDeviceLevel,
    topicRule: names.topicRule,
    function: functionName,
    role: names.role(functionName),
    alarms: {
      errors: names.alarm(functionName, 'errors'),
      throttles: names.alarm(functionName, 'throttles'),
      asyncEventsDropped: names.alarm(functionName, 'async-events-dropped'),
      queueVisible: names.alarm(names.failureQueue, 'visible'),
      queueAge: names.alarm(names.failureQueue, 'age'),
    },
  };
};

/** A processor's `{ memorySize, timeout }` from the device registry; an unregistered device is refused. */
function processorSizing(core, device) {
  const file = path.join(workspaceRoot, 'config/config_iot_devices.json');
  const entry = core.loadDeviceRegistry(file).find((each) => each.id === device);
  if (entry === undefined) throw new core.UnknownDeviceError(device);
  return {
    memorySize: entry.memorySize ?? core.PROCESSOR_MEMORY_MB.default,
    timeout: entry.timeout ?? core.PROCESSOR_TIMEOUT_S.default,
  };
}
