// The plugin's entry (package.json `main`), which Nx loads for `createNodes` in a plugin worker on
// every command that builds the project graph. The generators (and, through them, @nx/devkit's
// runtime and @twinflow/core) load only when one is called: importing them here cost every `nx`
// command about 1 s of transpiling and loading it never used (`nx g` loads them from
// generators.json's factories, not from here).
import type { Tree } from '@nx/devkit';
import type { ProcessorGeneratorSchema } from './generators/processor/schema';
import type { RemoveGeneratorSchema } from './generators/remove/schema';

export { createNodes, createNodes as createNodesV2, nodesFor } from './plugin/createNodes';
export type { ProcessorGeneratorSchema } from './generators/processor/schema';
export type { RemoveGeneratorSchema } from './generators/remove/schema';

/** The `processor` generator (see `generators/processor/generator.ts`), loaded on its first call. */
export async function processorGenerator(tree: Tree, schema: ProcessorGeneratorSchema): Promise<() => void> {
  return (await import('./generators/processor/generator')).processorGenerator(tree, schema);
}

/** The `remove` generator (see `generators/remove/generator.ts`), loaded on its first call. */
export async function removeGenerator(tree: Tree, schema: RemoveGeneratorSchema): Promise<() => void> {
  return (await import('./generators/remove/generator')).removeGenerator(tree, schema);
}
