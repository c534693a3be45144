/** The port is types only: it compiles away, so stage code that imports it loads no driver.
 * (The lead's dependency-cruiser rule will cover every file; this pins the store port meanwhile.) */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const pipeline = resolve(here, '..');

/** Every module the file names (static, dynamic, require), and whether the static ones are type-only. */
function importsOf(file: string): { from: string; typeOnly: boolean }[] {
  const source = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
  const statics = sf.statements.flatMap((s) => {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) {
      return [{ from: s.moduleSpecifier.text, typeOnly: s.importClause?.isTypeOnly === true }];
    }
    if (ts.isExportDeclaration(s) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)) return [{ from: s.moduleSpecifier.text, typeOnly: s.isTypeOnly }];
    return [];
  });
  const all = ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
  // a dynamic import or require is never type-only
  const others = all.slice(statics.length).map((from) => ({ from, typeOnly: false }));
  return [...statics, ...others];
}

describe('pipeline/ports/analytics-store.ts', () => {
  it('imports types from pipeline/ only: no adapter, no driver, no I/O', () => {
    const imports = importsOf(join(here, 'analytics-store.ts'));
    expect(imports.length).toBeGreaterThan(0);
    const outside = imports.filter(({ from, typeOnly }) => !typeOnly || !from.startsWith('.') || relative(pipeline, resolve(here, from)).startsWith('..'));
    expect(outside).toEqual([]);
  });
});
