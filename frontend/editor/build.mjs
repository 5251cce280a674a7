// Bundles src/editor.js into static/vendor/codemirror/ (committed; the site never needs Node).
// Rebuild after changing src/ or package.json: npm ci && npm run build
import { build } from "esbuild";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "..", "static", "vendor", "codemirror");
mkdirSync(out, { recursive: true });

// CodeMirror injects its base theme through style-mod, which writes a <style> element into a
// document (a CSP style-src 'self' violation) and uses a constructed, adopted stylesheet only in
// shadow roots. Constructed stylesheets are CSSOM, which the CSP allows, so use them everywhere.
const adoptedStyleSheets = {
  name: "style-mod-adopted-stylesheets",
  setup(build) {
    build.onLoad({ filter: /style-mod[\\/]src[\\/]style-mod\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const patched = source.replace("if (!root.head && root.adoptedStyleSheets", "if (root.adoptedStyleSheets");
      if (patched === source) throw new Error("style-mod changed: review the adopted-stylesheet patch");
      return { contents: patched, loader: "js" };
    });
  },
};

const result = await build({
  entryPoints: [join(here, "src", "editor.js")],
  plugins: [adoptedStyleSheets],
  bundle: true, minify: true, format: "iife", target: "es2020", metafile: true,
  outfile: join(out, "editor.min.js"),
  banner: { js: "/* CodeMirror 6 editor bundle; source: frontend/editor/, licenses: LICENSES.txt */" },
});

const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (match) packages.add(match[1]);
}
const notices = [...packages].sort().map((name) => {
  const root = join(here, "node_modules", name);
  const { version, license } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  let text = "";
  for (const file of ["LICENSE", "LICENSE.md", "LICENSE.txt"]) {
    try { text = readFileSync(join(root, file), "utf8"); break; } catch { /* try the next name */ }
  }
  return `${name}@${version} (${license})\n\n${text.trim()}\n`;
});
writeFileSync(join(out, "LICENSES.txt"), notices.join("\n" + "-".repeat(72) + "\n\n"));
console.log(`bundled ${packages.size} packages into ${out}`);
