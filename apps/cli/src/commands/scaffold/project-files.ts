import type { CapabilityName } from '@ndp/domain';
import { pluginSource } from './plugin-source.js';
import { pluginTest } from './plugin-test.js';

/** Versions a scaffolded project depends on: the ndp packages of this CLI's release and the tools it was built with. */
export interface ScaffoldVersions {
  readonly ndp: string;
  readonly assemblyscript: string;
  readonly vitest: string;
}

/**
 * asc options of a plugin: the incremental runtime (pooled instances answer many calls, and the stub runtime never
 * frees), and the PDK's abort handler instead of `env.abort`, which no Extism host provides.
 */
const PLUGIN_ASC_OPTIONS =
  '-O3 --runtime incremental --noAssert --use abort=~lib/@ndp/pdk-assemblyscript/assembly/abort/pdkAbort';

/** Every file of a new plugin project, by path relative to its folder. */
export function projectFiles(
  name: string,
  capabilities: readonly CapabilityName[],
  versions: ScaffoldVersions,
): Record<string, string> {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return {
    'package.json': json({
      name,
      version: '1.0.0',
      private: true,
      type: 'module',
      scripts: {
        build: `asc assembly/index.ts -o plugin.wasm ${PLUGIN_ASC_OPTIONS}`,
        test: 'npm run build && vitest run',
        pack: 'npm run build && ndp-pack .',
      },
      devDependencies: {
        '@ndp/pdk-assemblyscript': versions.ndp,
        '@ndp/testkit': versions.ndp,
        assemblyscript: versions.assemblyscript,
        vitest: versions.vitest,
      },
    }),
    // Least privilege: no permission until the code calls a host service (the host refuses a module importing
    // one its manifest does not grant, naming it).
    'manifest.json': json({
      name,
      author: 'you',
      version: '1.0.0',
      description: `${name}: an ndp plugin`,
      capabilities,
      permissions: {},
    }),
    'assembly/index.ts': pluginSource(name, capabilities),
    'assembly/tsconfig.json': json({ extends: 'assemblyscript/std/assembly.json', include: ['./**/*.ts'] }),
    'test/plugin.spec.ts': pluginTest(name, capabilities),
    '.gitignore': 'node_modules/\nplugin.wasm\n*.ndp\n',
    'README.md': readme(name, capabilities),
  };
}

function readme(name: string, capabilities: readonly CapabilityName[]): string {
  return `# ${name}

An ndp plugin (${capabilities.join(', ')}) in AssemblyScript.

- \`npm run build\`: compiles \`assembly/index.ts\` to \`plugin.wasm\`.
- \`npm test\`: builds, then runs \`test/plugin.spec.ts\`, which loads the plugin in the ndp host's plugin manager
  with recording host services (\`@ndp/testkit\`).
- \`npm run pack\`: builds and writes \`${name}-1.0.0.ndp\`, for \`ndp install ${name}-1.0.0.ndp\` on a host.

When the code calls a host service (\`Http\`, \`Cache\`, \`PluginConfig\`, \`Scheduler\`, \`WebSocket\`, \`Artwork\`), grant
its permission in \`manifest.json\` with a \`reason\`; the host refuses a module that imports a service its manifest
does not grant.
`;
}
