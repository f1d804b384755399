/**
 * Layering rules (hexagonal). `layeringRules(root)` is reused by the test that proves a violating fixture is
 * reported, so the rules checked in `npm test` and in that test are the same.
 */
function layeringRules(root) {
  const r = root.replace(/\/$/, '');
  return [
    {
      name: 'domain-is-pure',
      comment: 'src/domain imports nothing outside src/domain: no framework, no node built-ins, no other layer.',
      severity: 'error',
      from: { path: `^${r}/domain/` },
      to: { pathNot: `^${r}/domain/` },
    },
    {
      name: 'domain-no-node-builtins',
      comment: 'src/domain does no I/O: node built-in modules are forbidden.',
      severity: 'error',
      from: { path: `^${r}/domain/` },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'ports-only-domain',
      comment: 'src/ports may import the domain (and type-only framework types), never adapters, application or composition.',
      severity: 'error',
      from: { path: `^${r}/ports/` },
      to: { path: `^${r}/(adapters|composition|application)/` },
    },
    {
      name: 'application-only-domain-and-ports',
      comment: 'Use cases depend on ports, never on adapters or composition.',
      severity: 'error',
      from: { path: `^${r}/application/` },
      to: { path: `^${r}/(adapters|composition)/` },
    },
    {
      name: 'adapters-not-composition',
      comment: 'Adapters never import the composition root.',
      severity: 'error',
      from: { path: `^${r}/adapters/` },
      to: { path: `^${r}/composition/` },
    },
    {
      name: 'adapter-isolation',
      comment:
        'An adapter imports only its own folder, the shared wire code (adapters/proto) and shared helpers (adapters/shared); never another adapter.',
      severity: 'error',
      from: { path: `^${r}/adapters/([^/]+)/` },
      to: {
        path: `^${r}/adapters/([^/]+)/`,
        pathNot: [`^${r}/adapters/$1/`, `^${r}/adapters/proto/`, `^${r}/adapters/shared/`],
      },
    },
  ];
}

module.exports = { layeringRules };
