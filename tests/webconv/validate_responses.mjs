// Validates recorded admin API answers against the OpenAPI document's response schemas
// (JSON Schema 2020-12, ajv). Usage: node validate_responses.mjs openapi.yaml answers.json
// answers.json: [{"method":"get","path":"/api/v1/domains/{domain}/campaigns","status":200,
//                 "body":{...}}, ...]. Exits 1 listing every answer that does not validate,
// or whose status the operation does not document.
import fs from "node:fs";
import YAML from "yaml";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [docPath, answersPath] = process.argv.slice(2);
const doc = YAML.parse(fs.readFileSync(docPath, "utf8"));
const answers = JSON.parse(fs.readFileSync(answersPath, "utf8"));

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat("int64", { type: "number", validate: Number.isInteger });
// The whole document under one id, so "#/components/..." inside schemas resolves.
ajv.addSchema({ ...doc, $id: "openapi.json" });

const escape = (s) => s.replace(/~/g, "~0").replace(/\//g, "~1");
let failures = 0;
const covered = new Set();
for (const a of answers) {
  const where = `${a.method.toUpperCase()} ${a.path} -> ${a.status}`;
  const operation = doc.paths?.[a.path]?.[a.method];
  if (!operation) {
    console.log(`FAIL ${where}: no such operation in the document`);
    failures++;
    continue;
  }
  let pointer = `#/paths/${escape(a.path)}/${a.method}/responses/${a.status}`;
  let response = operation.responses?.[String(a.status)];
  if (!response) {
    console.log(`FAIL ${where}: status not documented for this operation`);
    failures++;
    continue;
  }
  if (response.$ref) {
    pointer = response.$ref;
    response = response.$ref.split("/").slice(1).reduce((o, k) => o[k], doc);
  }
  const media = Object.keys(response.content ?? {})[0];
  if (media !== "application/json") {
    if (typeof a.body !== "string") {
      console.log(`FAIL ${where}: expected a ${media} text body`);
      failures++;
    }
    covered.add(`${a.method} ${a.path}`);
    continue;
  }
  const validate = ajv.getSchema(`openapi.json${pointer}/content/application~1json/schema`);
  if (!validate(a.body)) {
    console.log(`FAIL ${where}: ${ajv.errorsText(validate.errors)}\n  ${JSON.stringify(a.body).slice(0, 400)}`);
    failures++;
    continue;
  }
  covered.add(`${a.method} ${a.path}`);
}
let operations = 0;
for (const [path, item] of Object.entries(doc.paths)) {
  for (const method of ["get", "put", "post", "delete", "patch"]) {
    if (!item[method]) continue;
    operations++;
    if (!covered.has(`${method} ${path}`)) console.log(`note: no answer recorded for ${method.toUpperCase()} ${path}`);
  }
}
console.log(`${answers.length} answers, ${covered.size} of ${operations} operations covered, ${failures} failures`);
process.exit(failures ? 1 : 0);
