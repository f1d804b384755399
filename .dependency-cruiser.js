const { layeringRules } = require('./scripts/layering-rules');

/** Layering rules for `npm run lint`; scripts/layering-rules.js holds them so the fixture test reuses them. */
module.exports = {
  forbidden: layeringRules('src'),
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['src/adapters/proto/gen/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
