#!/usr/bin/env node
// Bundles the CLI (cli/main.ts) into dist/ with esbuild, so `rackshift` starts without
// loading tsx. `npm ci` runs it (the `prepare` script), and so does `npm pack`. Packages stay external (loaded from
// node_modules); every dynamic import() becomes its own chunk, so a command still loads
// only what it uses. dist/inputs.json lists the sources: bin/rackshift.mjs uses the bundle
// only while none of them is newer than it (bin/fresh-bundle.mjs), and runs the sources
// through tsx otherwise.
import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

let build;
try {
  ({ build } = await import('esbuild'));
} catch {
  // e.g. `npm ci --omit=dev`: no bundler, and rackshift still runs (through tsx).
  process.stderr.write('rackshift: esbuild is not installed, so no bundle was built; the CLI runs its sources through tsx\n');
  process.exit(0);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
// Built beside dist/ and swapped in, so a CLI starting meanwhile never sees half a bundle.
const staging = join(root, `.dist-${process.pid}`);
const builtAt = Date.now();

// Bundled in rather than loaded from node_modules: every command loads them, and as hundreds
// of small modules (zod alone is 95) they cost more to load than the work of a small site.
const INLINE = new Set(['zod', 'yaml', 'constructs']);

// Every other package stays external. Node's ESM loader takes `pkg/lib/x` only from a package
// with an "exports" map; for a CommonJS one without, imported by a deep path, name the file
// as require() finds it,
// `pkg/lib/x/index.js`.
const packages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^(@[^/]+\/)?[^./][^/]*/ }, (args) => {
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      const pkg = /^(@[^/]+\/[^/]+|[^/]+)/.exec(args.path)[1];
      if (INLINE.has(pkg)) return undefined;
      if (pkg === args.path) return { path: args.path, external: true };
      const require = createRequire(join(args.resolveDir, 'x.js'));
      let manifest;
      try {
        manifest = require.resolve(`${pkg}/package.json`);
      } catch {
        return { path: args.path, external: true }; // exports hide package.json: Node resolves it
      }
      if (JSON.parse(readFileSync(manifest, 'utf8')).exports) return { path: args.path, external: true };
      const file = relative(dirname(manifest), require.resolve(args.path)).split('\\').join('/');
      return { path: `${pkg}/${file}`, external: true };
    });
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'cli/main.ts' },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  metafile: true,
  // CommonJS packages bundled in (yaml, constructs) call require() for Node's built-ins.
  banner: { js: "import { createRequire as __rackshiftRequire } from 'node:module'; const require = __rackshiftRequire(import.meta.url);" },
  plugins: [packages],
  logLevel: 'warning',
});
// Sources only: node_modules changes through npm install/ci, which run `prepare` again.
const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules/')).map((p) => relative(root, join(root, p))).sort();
await writeFile(join(staging, 'inputs.json'), `${JSON.stringify({ builtAt, inputs }, null, 2)}\n`);
await mkdir(dist, { recursive: true });
const old = `${dist}-old-${process.pid}`;
await rename(dist, old);
await rename(staging, dist);
await rm(old, { recursive: true, force: true });
