import path from 'node:path';
import { build } from 'esbuild';

/** The packages whose errors reach logs, failure records and metrics from the services' bundles. */
const PACKAGES = ['core', 'health', 'lambda-adapter', 'payload-mappers', 'runtime'];

/** Arguments for the constructors that (kind, name, limit, service) does not fit. */
const CONSTRUCTOR_ARGS: Record<string, unknown[]> = { InvalidEventError: [[{ path: 'deviceId', message: 'missing' }]], CircuitOpenError: ['demo-thermostat-1-processor'] };

describe('error names in a minified bundle (as the services ship them)', () => {
  it.each(PACKAGES)("every error class of @twinflow/%s keeps its own name, though bundles minify class names", async (pkg) => {
    const entry = path.resolve(__dirname, `../../../${pkg}/src/index.ts`);
    const bundled = await build({ entryPoints: [entry], bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'node22', write: false, logLevel: 'silent', external: ['@aws-sdk/*', '@smithy/*', '@aws-lambda-powertools/*', 'zod', 'zod/*'] });
    const module = { exports: {} as Record<string, unknown> };
    new Function('module', 'exports', 'require', bundled.outputFiles[0]?.text ?? '')(module, module.exports, require);
    const errorClasses = Object.entries(module.exports).filter(([, value]) => typeof value === 'function' && (value as { prototype?: unknown }).prototype instanceof Error);
    expect(errorClasses.length).toBeGreaterThan(0);
    const named = errorClasses.map(([exported, cls]) => {
      const args = CONSTRUCTOR_ARGS[exported] ?? ['x', 'x', 64, 'x'];
      try {
        const instance: unknown = Reflect.construct(cls as new (...a: unknown[]) => unknown, args);
        return [exported, instance instanceof Error ? instance.name : 'not an Error'];
      } catch (error) {
        return [exported, `its constructor threw ${String(error)}`];
      }
    });
    expect(named).toEqual(errorClasses.map(([exported]) => [exported, exported]));
  });
});
