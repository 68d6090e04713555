// Enforces the hexagonal dependency rule of docs/decisions/0001-layout-and-boundaries.md.
// Each workspace project may import only the projects and packages listed for it below;
// a project is identified by the path of the importing file.
import path from 'node:path';
import { builtinModules } from 'node:module';

const ADAPTER_DRIVERS = {
  '@extism/extism': 'adapters-extism',
  ioredis: 'adapters-redis',
  bullmq: 'adapters-redis',
};

/** @type {Record<string, {projects: string[], packages: string[] | '*', node: boolean, testing?: string[]}>} */
export const BOUNDARIES = {
  'libs/domain': { projects: [], packages: ['ajv'], node: false, testing: ['vitest', 'wabt', 'fast-check'] },
  'libs/ports': { projects: ['domain'], packages: [], node: false, testing: ['vitest'] },
  'libs/protocol': {
    projects: [],
    packages: ['@bufbuild/protobuf'],
    node: false,
    testing: ['vitest', 'fast-check'],
  },
  'libs/application': {
    projects: ['domain', 'ports', 'protocol'],
    packages: ['inversify'],
    node: true,
    testing: ['vitest', 'fast-check'],
  },
  // What both Node-side engines share (worker channel, module preparation); it never imports an adapter.
  'libs/engine-kit': { projects: ['domain', 'ports'], packages: [], node: true, testing: ['vitest'] },
  'libs/adapters-wasm-node': {
    projects: ['domain', 'ports', 'protocol', 'engine-kit'],
    packages: '*',
    node: true,
  },
  'libs/adapters-extism': {
    projects: ['domain', 'ports', 'protocol', 'engine-kit'],
    packages: '*',
    node: true,
  },
  'libs/adapters-local': { projects: ['domain', 'ports', 'protocol'], packages: '*', node: true },
  'libs/adapters-redis': { projects: ['domain', 'ports', 'protocol'], packages: '*', node: true },
  // The .ndp package (read, check, pack, install) that the CLI and the host's PluginPackages adapter share.
  'libs/packages': {
    projects: ['domain', 'ports'],
    packages: ['yauzl', 'yazl'],
    node: true,
    testing: ['vitest', 'fast-check'],
  },
  // The plugin authors' test kit composes the host's manager with recording ports, as an app composes real ones.
  'libs/testkit': {
    projects: [
      'domain',
      'ports',
      'protocol',
      'application',
      'adapters-local',
      'adapters-wasm-node',
      'packages',
    ],
    packages: [],
    node: true,
    testing: ['vitest'],
  },
  // The PDK's TypeScript side is only its test suite, which runs plugins under the official Extism SDK.
  'libs/pdk-assemblyscript': {
    projects: ['protocol'],
    packages: [],
    node: true,
    testing: ['vitest', '@extism/extism', '@bufbuild/protobuf'],
  },
};

// Subpaths a package publishes on purpose: the test fakes, and what worker threads load without the rest.
const WORKSPACE_ENTRY_POINTS = new Set([
  '@ndp/ports/testing',
  '@ndp/engine-kit/worker',
  '@ndp/domain/guest-abi',
]);
const builtins = new Set(builtinModules);

function projectOf(file) {
  const rel = path.relative(process.cwd(), file).split(path.sep).join('/');
  const m = /^(libs|apps)\/([^/]+)\//.exec(rel);
  return m ? { root: `${m[1]}/${m[2]}`, name: m[2], rel } : { root: null, name: null, rel };
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isSpecFile(rel) {
  return /\.(spec|int\.spec|e2e\.spec)\.ts$/.test(rel);
}

/** Test support that only spec files load (a library's conformance harness); never part of its API. */
function isTestSupport(rel) {
  return isSpecFile(rel) || /\/src\/conformance\//.test(rel);
}

/** @type {import('eslint').Rule.RuleModule} */
export const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Keep the hexagonal layers apart (see docs/decisions/0001-layout-and-boundaries.md)',
    },
    schema: [],
    messages: {
      forbiddenProject: '{{from}} may not import @ndp/{{to}}: {{from}} depends only on [{{allowed}}].',
      forbiddenPackage: '{{from}} may not import the package "{{pkg}}": allowed packages are [{{allowed}}].',
      forbiddenNode:
        '{{from}} may not use Node APIs ("{{pkg}}"): it must stay free of I/O and platform code.',
      driverOutsideAdapter: '"{{pkg}}" may only be imported by libs/{{owner}}, not by {{from}}.',
      deepImport: 'Import "{{spec}}" through the package entry point ("@ndp/{{to}}"), not its files.',
      relativeEscape:
        'Relative import "{{spec}}" leaves {{from}}; import the other project by its package name.',
      containerOutsideApp:
        'Only apps/* create a DI container; {{from}} should export a ContainerModule factory instead.',
    },
  },
  create(context) {
    const file = context.filename;
    const project = projectOf(file);
    if (!project.root) return {};
    const rules = BOUNDARIES[project.root];
    const inApp = project.root.startsWith('apps/');
    const inTesting = project.rel.includes('/src/testing/');
    const containerNames = new Set();

    function checkSpecifier(node, spec) {
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec);
        const targetProject = projectOf(target + '/x');
        // Test suites may use the repo's test tooling (fixture builders under tools/).
        const toTools = targetProject.rel.startsWith('tools/');
        if (targetProject.root !== project.root && !(toTools && isTestSupport(project.rel))) {
          context.report({ node, messageId: 'relativeEscape', data: { spec, from: project.root } });
        }
        return;
      }
      if (spec.startsWith('@ndp/')) {
        const to = spec.slice(5).split('/')[0];
        if (spec !== `@ndp/${to}` && !WORKSPACE_ENTRY_POINTS.has(spec)) {
          context.report({ node, messageId: 'deepImport', data: { spec, to } });
        }
        if (rules && !rules.projects.includes(to) && to !== project.name) {
          context.report({
            node,
            messageId: 'forbiddenProject',
            data: { from: project.root, to, allowed: rules.projects.join(', ') },
          });
        }
        return;
      }
      const pkg = packageName(spec);
      const owner = ADAPTER_DRIVERS[pkg];
      const testingDriver = isSpecFile(project.rel) && rules?.testing?.includes(pkg);
      if (owner && project.name !== owner && !inApp && !testingDriver) {
        context.report({ node, messageId: 'driverOutsideAdapter', data: { pkg, owner, from: project.root } });
        return;
      }
      if (!rules) return;
      if (spec.startsWith('node:') || builtins.has(pkg)) {
        // Spec files run under Node in vitest and may read repo files; library code may not.
        if (!rules.node && !isTestSupport(project.rel))
          context.report({ node, messageId: 'forbiddenNode', data: { from: project.root, pkg: spec } });
        return;
      }
      if (rules.packages === '*') return;
      const allowed = [
        ...rules.packages,
        ...(inTesting || isTestSupport(project.rel) ? (rules.testing ?? ['vitest']) : []),
      ];
      if (!allowed.includes(pkg)) {
        context.report({
          node,
          messageId: 'forbiddenPackage',
          data: { from: project.root, pkg, allowed: allowed.join(', ') },
        });
      }
    }

    return {
      ImportDeclaration(node) {
        checkSpecifier(node, node.source.value);
        if (node.source.value === 'inversify') {
          for (const s of node.specifiers) {
            if (s.type === 'ImportSpecifier' && s.imported.name === 'Container')
              containerNames.add(s.local.name);
          }
        }
      },
      ExportNamedDeclaration(node) {
        if (node.source) checkSpecifier(node, node.source.value);
      },
      ExportAllDeclaration(node) {
        checkSpecifier(node, node.source.value);
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal' && typeof node.source.value === 'string') {
          checkSpecifier(node, node.source.value);
        }
      },
      NewExpression(node) {
        if (inApp || isSpecFile(project.rel)) return;
        if (node.callee.type === 'Identifier' && containerNames.has(node.callee.name)) {
          context.report({ node, messageId: 'containerOutsideApp', data: { from: project.root } });
        }
      },
    };
  },
};

export default { rules: { 'module-boundaries': moduleBoundaries } };
