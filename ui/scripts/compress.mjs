// Writes <file>.gz beside each text asset of the build, and prints the gzipped size of the
// initial JavaScript, the scripts index.html loads (budget 300 KB; lazily loaded chunks such as
// the terminal's are not part of it). The server sends the .gz to clients that accept gzip.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] || 'dist';
const text = /\.(js|css|html|svg|json|webmanifest|txt)$/;
const initial = new Set([...readFileSync(join(dist, 'index.html'), 'utf8').matchAll(/\/(assets\/[^"]+\.js)"/g)]
  .map((m) => join(dist, m[1])));
let initialJs = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { walk(path); continue; }
    if (!text.test(name)) continue;
    const zipped = gzipSync(readFileSync(path), { level: 9 });
    writeFileSync(path + '.gz', zipped);
    if (initial.has(path)) initialJs += zipped.length;
  }
}
walk(dist);
console.log(`ui: initial JavaScript ${(initialJs / 1024).toFixed(1)} KB gzipped (budget 300 KB)`);
if (initialJs > 300 * 1024) {
  console.error('ui: over the 300 KB budget');
  process.exit(1);
}
