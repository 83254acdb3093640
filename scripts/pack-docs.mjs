#!/usr/bin/env node
// prepack/postpack of each published package (run in the package's folder by npm): copies the doc
// pages of the checks the package implements from the repository's docs/rules into the package's
// own docs/rules, so the tarball carries them and docsUrl (the nearest docs/rules above the module)
// links to the installed version's page; --clean removes the copy after packing, so the repository
// keeps one source of its docs.
//   node ../../scripts/pack-docs.mjs --all | <check-id>... | --clean
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const source = path.resolve(import.meta.dirname, '..', 'docs', 'rules');
const target = path.resolve(process.cwd(), 'docs');
const args = process.argv.slice(2);

rmSync(target, { recursive: true, force: true });
if (args[0] !== '--clean') {
  const pages = args[0] === '--all' ? readdirSync(source).filter((name) => name.endsWith('.md')) : args.map((id) => `${id}.md`);
  for (const page of pages) {
    const from = path.join(source, page);
    if (!existsSync(from)) throw new Error(`pack-docs: no doc page ${from}`);
    cpSync(from, path.join(target, 'rules', page));
  }
}
