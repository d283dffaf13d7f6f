// Lint a .cypher file with Neo4j's own Cypher parser and semantic analysis
// (@neo4j-cypher/language-support) and print the diagnostics as JSON.
//
//   node lint.mjs [--schema SCHEMA.json] FILE.cypher ...
//
// SCHEMA.json is a DbSchema: {"labels": [...], "relationshipTypes": [...],
// "propertyKeys": [...]}; given one, the linter also warns about labels,
// relationship types and properties the schema does not declare.
// Output: JSON {FILE: {statements: N, diagnostics: [{statement, severity,
// message, line, character, text}]}}; exit status 0 when every file could be
// linted, whatever the diagnostics. (Several files in one run: loading the
// linter takes seconds.)
import { readFileSync } from 'node:fs';
import { lintCypherQuery, parseStatementsStrs } from '@neo4j-cypher/language-support';

const args = process.argv.slice(2);
let schema = {};
if (args[0] === '--schema') {
  schema = JSON.parse(readFileSync(args[1], 'utf8'));
  args.splice(0, 2);
}
if (args.length === 0) {
  console.error('usage: node lint.mjs [--schema SCHEMA.json] FILE.cypher ...');
  process.exit(2);
}
const result = {};
for (const file of args) {
  const statements = parseStatementsStrs(readFileSync(file, 'utf8'));
  const diagnostics = [];
  statements.forEach((statement, i) => {
    // each statement on its own, so a diagnostic names the statement it is in
    const lint = lintCypherQuery(statement, schema, { consoleCommandsEnabled: false });
    for (const d of lint.diagnostics) {
      diagnostics.push({ statement: i, severity: d.severity, message: d.message,
                         line: d.range.start.line, character: d.range.start.character,
                         text: statement.trim().slice(0, 200) });
    }
  });
  result[file] = { statements: statements.length, diagnostics };
}
console.log(JSON.stringify(result, null, 1));
