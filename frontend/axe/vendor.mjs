// Copies axe-core's browser build into tests/support/axe/ (committed; the test suite never needs Node).
// Update: change the version in package.json, then npm install && npm run vendor
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "node_modules", "axe-core");
const out = join(here, "..", "..", "tests", "support", "axe");
mkdirSync(out, { recursive: true });
copyFileSync(join(source, "axe.min.js"), join(out, "axe.min.js"));
copyFileSync(join(source, "LICENSE"), join(out, "LICENSE.txt"));
const { version } = JSON.parse(readFileSync(join(source, "package.json"), "utf8"));
console.log(`axe-core ${version} copied into ${out}`);
