/** Import rules, checked by `npm run lint` (dependency-cruiser): no cycles, and no upward imports
 * between the layers (lowest first):
 *   prompts/ (versioned analysis assets: data only)
 *   pipeline/ (stages, schemas, pipeline/ports/: interfaces only)
 *   reports/ · adapters/<system>/ (implement ports)
 *   jobs/ (BullMQ queue mode; given its adapters, never builds them)
 *   app/ (the composition root) · cli/ (parses options and prints)
 * Test files and `testing/` helpers may cross layers (each is its own composition root), but not
 * import in a cycle. */
const TEST = '(\\.test\\.ts$|/testing/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'Modules that import each other (directly or round a loop, dynamic imports included) cannot be understood, tested or moved alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'prompts-are-data',
      severity: 'error',
      comment: 'Versioned prompts and lexicons are read by the pipeline; they import no code of it.',
      from: { path: '^prompts/', pathNot: TEST },
      to: { path: '^(pipeline|reports|adapters|jobs|app|cli)/' },
    },
    {
      name: 'pipeline-stays-down',
      severity: 'error',
      comment: 'Stage logic imports ports, never reports, adapters, queue mode, the composition root or the CLI.',
      from: { path: '^pipeline/', pathNot: TEST },
      to: { path: '^(reports|adapters|jobs|app|cli)/' },
    },
    {
      name: 'ports-are-interfaces',
      severity: 'error',
      comment: 'A port names what a stage needs from an outside system; it imports no driver, SDK or I/O module (types only).',
      from: { path: '^pipeline/ports/' },
      to: { dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer'], dependencyTypesNot: ['type-only'], pathNot: 'node_modules/zod/' },
    },
    {
      name: 'reports-read-pipeline-only',
      severity: 'error',
      from: { path: '^reports/', pathNot: TEST },
      to: { path: '^(adapters|jobs|app|cli)/' },
    },
    {
      name: 'adapters-stand-alone',
      severity: 'error',
      comment: 'An adapter implements a port; it knows nothing of queue mode, the composition root, the CLI or another adapter.',
      from: { path: '^adapters/([^/]+)/', pathNot: TEST },
      to: { path: '^(jobs|app|cli)/|^adapters/', pathNot: '^adapters/$1/' },
    },
    {
      name: 'jobs-get-their-adapters',
      severity: 'error',
      comment: 'Queue mode is given its adapters by the composition root (app/); it never builds them.',
      from: { path: '^jobs/', pathNot: TEST },
      to: { path: '^(adapters|app|cli)/' },
    },
    {
      name: 'app-below-cli',
      severity: 'error',
      from: { path: '^app/', pathNot: TEST },
      to: { path: '^cli/' },
    },
    {
      name: 'cli-through-the-root',
      severity: 'error',
      comment: 'Commands get adapters from the composition root (app/), never build them.',
      from: { path: '^cli/', pathNot: TEST },
      to: { path: '^adapters/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|data|out|fixtures|bench-data|scratch)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    detectJSDocImports: false,
  },
};
