// @twinflow/deploy-tools: what the deploy tooling offers the rest of the workspace (the local twin,
// the benchmarks). The command lines (deploy.ts, deployProject.ts, zipProcessor.ts, buildPackage.ts,
// lockfilePlatforms.ts) are run, not imported.
export { readZipEntries, readZipEntry, unzipTo, writeDeterministicZip } from './zip';
export type { DeterministicZip, DeterministicZipOptions, ZipEntryInput } from './zip';
export { ZipEntryMissingError, ZipEntryNameError, ZipError, ZipReadError } from './errors';
