// Builds the desk's editor bundle and the licence notices of what it contains.
//   node build.mjs [outdir]    (default ../static/desk; the test builds into a temporary folder)
// esbuild bundles src/editor.js into <outdir>/editor.js; <outdir>/editor.LICENSES.txt gathers
// the licence file of every npm package the bundle takes code from (TipTap, ProseMirror, … all
// MIT), as their licences ask of copies. Both are deterministic for a given package-lock.json.
import { build } from "esbuild";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const outdir = resolve(process.argv[2] || join(here, "..", "static", "desk"));

const result = await build({
  entryPoints: [join(here, "src", "editor.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2019",
  legalComments: "none",
  metafile: true,
  outfile: join(outdir, "editor.js"),
  absWorkingDir: here,
  logLevel: "warning",
});

function packageDirOf(input) {
  const parts = input.split("/");
  const at = parts.lastIndexOf("node_modules");
  if (at < 0) return null;
  const width = parts[at + 1].startsWith("@") ? 2 : 1;
  return parts.slice(0, at + 1 + width).join("/");
}

const packages = [...new Set(Object.keys(result.metafile.inputs).map(packageDirOf).filter(Boolean))].sort();
const notices = packages.map((dir) => {
  const meta = JSON.parse(readFileSync(join(here, dir, "package.json"), "utf8"));
  const licenceFile = readdirSync(join(here, dir)).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
  const text = licenceFile ? readFileSync(join(here, dir, licenceFile), "utf8").trim() : `License: ${meta.license}`;
  return `${meta.name} ${meta.version} (${meta.license})\n\n${text}\n`;
});
const header = "Third-party code in editor.js (built by gateway/desk_editor/build.mjs from package-lock.json)\n";
writeFileSync(join(outdir, "editor.LICENSES.txt"), [header, ...notices].join("\n" + "-".repeat(72) + "\n\n"));
if (!existsSync(join(outdir, "editor.js"))) process.exit(1);
