// The TSDoc of the public surface: every export of the three entry points has a doc comment, a
// @category and an @example, every member of an exported interface, class or object type has a doc
// comment, and every TypeScript @example compiles as a module against the real public types.
// All examples are checked in one ts.Program (the first program, which resolves the exports, is
// handed over as the old program, so source files are parsed once).
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const entries: ReadonlyArray<readonly [string, string]> = [
  ['tfjs-gradcam', 'src/index.ts'],
  ['tfjs-gradcam/node', 'src/node/index.ts'],
  ['tfjs-gradcam/browser', 'src/browser/index.ts'],
];

/**
 * Free variables the examples may use without declaring them (each is left out when the example
 * declares or imports the same name itself).
 */
const freeVariables: Record<string, string> = {
  tf: "import * as tf from '@tensorflow/tfjs-core';",
  tfl: "import * as tfl from '@tensorflow/tfjs-layers';",
  model: 'declare const model: tfl.LayersModel;',
  image: 'declare const image: tf.Tensor3D;',
  images: 'declare const images: tf.Tensor4D[];',
  x: 'declare const x: tf.Tensor4D;',
  input: 'declare const input: tf.Tensor4D;',
  faces: 'declare const faces: tf.Tensor4D;',
  heatmap: 'declare const heatmap: tf.Tensor3D;',
  result: 'declare const result: CamResult;',
  canvas: 'declare const canvas: HTMLCanvasElement;',
  video: 'declare const video: HTMLVideoElement;',
  imgElement: 'declare const imgElement: HTMLImageElement;',
  url: 'declare const url: string;',
  Deno: 'declare const Deno: { jupyter: { display(value: unknown, options?: { raw?: boolean }): Promise<void> } };',
};

interface Example {
  /** Where the example was written: `entry › export` or `entry › export.member`. */
  owner: string;
  /** The example's code (one fenced block). */
  code: string;
}

interface Audit {
  exportCount: number;
  memberCount: number;
  examples: Example[];
  problems: string[];
}

const checkedLanguages = new Set(['', 'ts', 'typescript', 'js', 'javascript']);

/** The fenced code blocks of an @example tag (the whole text when it has no fence). */
function codeBlocks(text: string): string[] {
  const fences = [...text.matchAll(/```([\w-]*)[^\n]*\n([\s\S]*?)```/g)];
  if (fences.length === 0) return text.trim() === '' ? [] : [text];
  return fences.filter((m) => checkedLanguages.has(m[1]!.toLowerCase())).map((m) => m[2]!);
}

function hasDocComment(node: ts.Node): boolean {
  return ts.getJSDocCommentsAndTags(node).some((d) => ts.isJSDoc(d) && (d.comment !== undefined || (d.tags?.length ?? 0) > 0));
}

function tagTexts(node: ts.Node, name: string): string[] {
  return ts
    .getJSDocTags(node)
    .filter((t) => t.tagName.text === name)
    .map((t) => ts.getTextOfJSDocComment(t.comment) ?? '');
}

function isPrivate(member: ts.Node): boolean {
  if (ts.canHaveModifiers(member)) {
    const mods = ts.getModifiers(member) ?? [];
    if (mods.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) return true;
  }
  const name = (member as { name?: ts.Node }).name;
  return name !== undefined && ts.isPrivateIdentifier(name);
}

function members(decl: ts.Declaration): readonly ts.Node[] {
  if (ts.isInterfaceDeclaration(decl) || ts.isClassDeclaration(decl)) return decl.members;
  if (ts.isTypeAliasDeclaration(decl) && ts.isTypeLiteralNode(decl.type)) return decl.type.members;
  return [];
}

function memberName(member: ts.Node): string {
  if (ts.isConstructorDeclaration(member)) return 'constructor';
  const name = (member as { name?: ts.PropertyName }).name;
  if (name !== undefined) return name.getText();
  if (ts.isIndexSignatureDeclaration(member)) return '[index]';
  if (ts.isCallSignatureDeclaration(member)) return '(call)';
  return ts.SyntaxKind[member.kind];
}

/** Every export of the entry points, its docs, and the @example blocks of it and its members. */
function audit(program: ts.Program): Audit {
  const checker = program.getTypeChecker();
  const result: Audit = { exportCount: 0, memberCount: 0, examples: [], problems: [] };
  const seen = new Set<ts.Symbol>();
  for (const [specifier, file] of entries) {
    const source = program.getSourceFile(join(root, file));
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) {
      result.problems.push(`${specifier}: entry point ${file} not found`);
      continue;
    }
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (seen.has(symbol)) continue;
      seen.add(symbol);
      result.exportCount += 1;
      const owner = `${specifier} › ${exported.name}`;
      // Overloads and merged declarations: one documented declaration is enough.
      const declarations = (symbol.declarations ?? []).filter((d) => !ts.isSourceFile(d));
      const documented = declarations.filter(hasDocComment);
      if (documented.length === 0) {
        result.problems.push(`${owner}: no TSDoc comment`);
        continue;
      }
      const examples = documented.flatMap((d) => tagTexts(d, 'example'));
      if (examples.length === 0) result.problems.push(`${owner}: no @example`);
      if (!documented.some((d) => tagTexts(d, 'category').some((c) => c.trim() !== ''))) {
        result.problems.push(`${owner}: no @category`);
      }
      const blocks = examples.flatMap(codeBlocks);
      if (examples.length > 0 && blocks.length === 0) result.problems.push(`${owner}: @example has no TypeScript code`);
      for (const code of blocks) result.examples.push({ owner, code });
      for (const decl of declarations) {
        for (const member of members(decl)) {
          if (isPrivate(member)) continue;
          result.memberCount += 1;
          const name = `${owner}.${memberName(member)}`;
          if (!hasDocComment(member)) result.problems.push(`${name}: no TSDoc comment`);
          for (const code of tagTexts(member, 'example').flatMap(codeBlocks)) result.examples.push({ owner: name, code });
        }
      }
    }
  }
  return result;
}

/** Top-level names an example declares or imports itself. */
function declaredNames(code: string): Set<string> {
  const source = ts.createSourceFile('example.ts', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const names = new Set<string>();
  const addBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBinding(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) names.add(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) names.add(el.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) addBinding(d.name);
    } else if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      names.add(statement.name.text);
    }
  }
  return names;
}

/** The prelude for one example: the public exports and free variables it does not declare itself. */
function prelude(code: string, exportNames: ReadonlyMap<string, string[]>): string {
  const own = declaredNames(code);
  const lines: string[] = [];
  for (const [specifier, names] of exportNames) {
    const free = names.filter((n) => !own.has(n));
    if (free.length > 0) lines.push(`import { ${free.join(', ')} } from '${specifier}';`);
  }
  for (const [name, line] of Object.entries(freeVariables)) if (!own.has(name)) lines.push(line);
  // The examples are modules even when they import nothing themselves.
  lines.push('export {};');
  return `${lines.join('\n')}\n`;
}

function compilerOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error('tsconfig.json could not be read');
  // Examples show a call, not a whole program: unused names are fine there.
  return { ...parsed.options, noEmit: true, declaration: false, noUnusedLocals: false, noUnusedParameters: false };
}

/** A compiler host that serves the example files from memory and parses every other file once. */
function createHost(options: ts.CompilerOptions, virtual: Map<string, string>): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const cache = new Map<string, ts.SourceFile | undefined>();
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => virtual.has(f) || fileExists.call(host, f);
  host.readFile = (f) => virtual.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, languageVersion, onError, shouldCreate) => {
    const text = virtual.get(f);
    if (text !== undefined) return ts.createSourceFile(f, text, languageVersion, true);
    if (!cache.has(f)) cache.set(f, getSourceFile.call(host, f, languageVersion, onError, shouldCreate));
    return cache.get(f);
  };
  return host;
}

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('TSDoc of the public exports', () => {
  const options = compilerOptions();
  const virtual = new Map<string, string>();
  const host = createHost(options, virtual);
  const entryFiles = entries.map(([, file]) => join(root, file));
  let first: ts.Program | undefined;
  let found: Audit | undefined;
  const load = (): Audit => {
    if (found) return found;
    first = ts.createProgram({ rootNames: entryFiles, options, host });
    found = audit(first);
    return found;
  };

  it('every export has a doc comment, a @category and an @example; every member has a doc comment', () => {
    const { problems, exportCount, memberCount, examples } = load();
    expect(problems, problems.join('\n')).toEqual([]);
    expect(exportCount).toBeGreaterThan(100);
    expect(memberCount).toBeGreaterThan(100);
    expect(examples.length).toBeGreaterThanOrEqual(exportCount);
  });

  it('every @example compiles as a module against the public types', () => {
    const { examples } = load();
    const checker = first!.getTypeChecker();
    const exportNames = new Map<string, string[]>();
    for (const [specifier, file] of entries) {
      const moduleSymbol = checker.getSymbolAtLocation(first!.getSourceFile(join(root, file))!)!;
      exportNames.set(specifier, checker.getExportsOfModule(moduleSymbol).map((s) => s.name));
    }
    const files = examples.map((example, i) => {
      const head = prelude(example.code, exportNames);
      const fileName = join(root, 'test', 'docs', `__example${i}.ts`);
      virtual.set(fileName, head + example.code);
      return { fileName, example, headLines: head.split('\n').length - 1 };
    });
    const program = ts.createProgram({
      rootNames: [...entryFiles, ...files.map((f) => f.fileName)],
      options,
      host,
      oldProgram: first,
    });
    const failures: string[] = [];
    for (const { fileName, example, headLines } of files) {
      const source = program.getSourceFile(fileName)!;
      const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
      for (const d of diagnostics) {
        const message = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
        const line = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line - headLines + 1;
        const codeLine = line > 0 ? example.code.split('\n')[line - 1]?.trim() : undefined;
        failures.push(`${example.owner}: example line ${line}: TS${d.code} ${message}${codeLine ? `\n    ${codeLine}` : ''}`);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
