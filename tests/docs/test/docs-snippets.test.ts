import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { markdownFiles, snippetsOf } from './snippets.js';

const outDir = new URL('../.snippets/', import.meta.url).pathname;

describe('documentation code blocks', () => {
  const snippets = markdownFiles().flatMap(snippetsOf);

  it('finds the README examples', () => {
    expect(snippets.filter((s) => s.file === 'README.md').length).toBeGreaterThanOrEqual(2);
  });

  it('typecheck against the built packages', () => {
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    const files = snippets.map((snippet, i) => {
      const path = join(
        outDir,
        `${String(i).padStart(3, '0')}-${snippet.name.replace(/[^a-z0-9]+/gi, '_')}.ts`,
      );
      // Each block is a module of its own, as a reader would paste it into a file.
      writeFileSync(path, `${snippet.code}\nexport {};\n`);
      return path;
    });
    const program = ts.createProgram(files, {
      strict: true,
      noUncheckedIndexedAccess: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const file =
        d.file === undefined ? '' : (snippets[files.indexOf(d.file.fileName)]?.name ?? d.file.fileName);
      const line =
        d.file !== undefined && d.start !== undefined
          ? d.file.getLineAndCharacterOfPosition(d.start).line + 1
          : 0;
      return `${file}:${line} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  });
});
