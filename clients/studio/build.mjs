// Build the studio's page script into the Python package (server/kling_lsp/studio/static/studio.js):
// one minified ES module, no source map, the same bytes from the same lockfile.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const out = process.argv[2] || here("../../server/kling_lsp/studio/static/studio.js");

await build({
  entryPoints: [here("src/main.js")],
  outfile: out,
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2020",
  legalComments: "eof",
  logLevel: "warning",
});
