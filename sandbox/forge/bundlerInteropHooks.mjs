// Node module-loader hooks (run in the loader thread, hence plain JavaScript).
//
// The Forge bundler compiles app code so that `import Resolver from '@forge/resolver'` receives the
// CommonJS module's `exports.default` when the module is flagged `__esModule` (the usual
// TypeScript/webpack interop; vitest does the same). Node's own ESM loader instead hands over the
// whole `module.exports` object, which breaks that idiom under tsx. For the @forge/* entry points
// these hooks serve a tiny ES module that re-exports the real module's names and applies the
// bundler's default-export rule; the real CommonJS module still loads exactly once.
const ENTRY = /\/node_modules\/@forge\/[^/]+\/out\/index\.js$/;
const ORIGINAL = 'forge-bundler-interop=original';

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && ENTRY.test(new URL(url).pathname) && !url.includes(ORIGINAL)) {
    const original = JSON.stringify(`${url}${url.includes('?') ? '&' : '?'}${ORIGINAL}`);
    const source = [
      `import * as ns from ${original};`,
      `export * from ${original};`,
      'const m = ns.default;',
      "export default m !== null && typeof m === 'object' && m.__esModule === true && 'default' in m ? m.default : m;",
    ].join('\n');
    return { format: 'module', source, shortCircuit: true };
  }
  return nextLoad(url, context);
}
