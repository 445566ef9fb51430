// Type-checks every ```ts snippet of the documentation against the current API.
//   npx tsx tools/docs/checkSnippets.ts [files...]      (default: README.md, docs/*.md, docs/guides/*.md)
//
// Each snippet becomes a module in out/docs-snippets/. Names it uses without importing or declaring
// them are supplied: `tf` and `tfl`, the exports of tfjs-gradcam, tfjs-gradcam/node and
// tfjs-gradcam/browser (imported from the sources through tsconfig's paths), and the free variables
// the guides use for "your model", "your input" and so on (FREE below). `npm:` specifiers are
// mapped to the plain package names. Then tsc checks them all; the exit code is tsc's.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(root, 'out', 'docs-snippets');

/** Free variables of the snippets and the types they stand for. */
const FREE: Record<string, string> = {
  model: 'tfl.LayersModel',
  x: 'tf.Tensor4D',
  input: 'tf.Tensor4D',
  image: 'tf.Tensor4D',
  faces: 'tf.Tensor4D',
  heatmap: 'tf.Tensor2D',
  images: 'tf.Tensor4D[]',
  batches: 'tf.Tensor4D[]',
  labels: 'string[]',
  img: 'HTMLImageElement',
  canvas: 'HTMLCanvasElement',
  legendCanvas: 'HTMLCanvasElement',
  heatCanvas: 'HTMLCanvasElement',
  overlayCanvas: 'HTMLCanvasElement',
};

/** The value and type names an entry point exports (from its `export { … }` lines). */
function exportsOf(file: string): { values: string[]; types: string[] } {
  const text = readFileSync(join(root, file), 'utf8');
  const values: string[] = [];
  const types: string[] = [];
  for (const m of text.matchAll(/^export (type )?\{([^}]*)\}/gm)) {
    const names = m[2]!.split(',').map((n) => n.trim().split(/\s+as\s+/).pop()!).filter(Boolean);
    (m[1] ? types : values).push(...names);
  }
  return { values, types };
}

const entries = {
  'tfjs-gradcam': exportsOf('src/index.ts'),
  'tfjs-gradcam/node': exportsOf('src/node/index.ts'),
  'tfjs-gradcam/browser': exportsOf('src/browser/index.ts'),
};

/** Names a snippet imports or declares itself. */
function ownNames(code: string): Set<string> {
  const names = new Set<string>();
  for (const m of code.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const n of m[1]!.split(',')) {
      const name = n.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop();
      if (name) names.add(name);
    }
  }
  for (const m of code.matchAll(/import\s+\*\s+as\s+(\w+)/g)) names.add(m[1]!);
  for (const m of code.matchAll(/\b(?:const|let|var|function|class|interface|type)\s+(\w+)/g)) names.add(m[1]!);
  for (const m of code.matchAll(/\b(?:const|let|var)\s+[[{]([^\]}]*)[\]}]/g)) {
    for (const n of m[1]!.split(',')) {
      const name = n.trim().split(':').pop()!.trim().split('=')[0]!.trim();
      if (/^\w+$/.test(name)) names.add(name);
    }
  }
  for (const m of code.matchAll(/\bfor\s*\(\s*const\s+(\w+)/g)) names.add(m[1]!);
  return names;
}

/** The module checked for one snippet. */
function toModule(code: string): string {
  const body = code.replace(/(['"])npm:(@?[^'"@]+(?:\/[^'"@]+)?)(?:@[^'"/]+)?([^'"]*)\1/g, '$1$2$3$1');
  // Comments and strings may mention names without using them; drop them before looking.
  const words = new Set(body.replace(/\/\/.*$/gm, '').match(/\b[A-Za-z_]\w*\b/g) ?? []);
  const own = ownNames(body);
  const lines: string[] = [];
  const need = (n: string) => words.has(n) && !own.has(n);
  if (!own.has('tf')) lines.push("import * as tf from '@tensorflow/tfjs-core';");
  if (!own.has('tfl')) lines.push("import * as tfl from '@tensorflow/tfjs-layers';");
  for (const [spec, { values, types }] of Object.entries(entries)) {
    const v = values.filter(need);
    const t = types.filter(need);
    if (v.length + t.length > 0) lines.push(`import { ${[...v, ...t.map((n) => `type ${n}`)].join(', ')} } from '${spec}';`);
  }
  for (const [name, type] of Object.entries(FREE)) if (need(name)) lines.push(`declare const ${name}: ${type};`);
  return `${lines.join('\n')}\n// ---- snippet ----\n${body}\nexport {};\n`;
}

const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : [
        'README.md',
        ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f)),
        ...readdirSync(join(root, 'docs', 'guides')).filter((f) => f.endsWith('.md')).map((f) => join('docs', 'guides', f)),
      ];

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
let count = 0;
for (const file of files) {
  const text = readFileSync(join(root, file), 'utf8');
  let n = 0;
  for (const m of text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    n++;
    const line = text.slice(0, m.index).split('\n').length;
    const name = `${file.replace(/[\\/]/g, '_').replace(/\.md$/, '')}_${n}_line${line}.ts`;
    writeFileSync(join(outDir, name), toModule(m[1]!));
    count++;
  }
}
writeFileSync(
  join(outDir, 'tsconfig.json'),
  JSON.stringify(
    {
      extends: relative(outDir, join(root, 'tsconfig.json')),
      compilerOptions: { noEmit: true, noUnusedLocals: false, noUnusedParameters: false, target: 'ES2022', module: 'ESNext' },
      include: ['*.ts'],
    },
    null,
    2,
  ),
);
console.log(`${count} snippets from ${files.length} files in ${relative(process.cwd(), outDir)}`);
try {
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(outDir, 'tsconfig.json')], { stdio: 'inherit' });
  console.log('all snippets type-check');
} catch {
  console.error(`snippets with type errors (see above; the files are in ${basename(outDir)}/)`);
  process.exit(1);
}
