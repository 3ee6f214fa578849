// Node module-customization hooks (registered by peer.mjs with `module.register`) that give one
// npm package built by wasm-bindgen for bundlers the three things a bundler would have given it:
//
//   1. its .js files are ES modules, although its package.json does not say "type": "module";
//   2. an import without an extension ("./name") means "./name.js";
//   3. importing a ".wasm" file yields the instantiated module's exports, with the wasm's own
//      imports satisfied from the JS modules it names (the ESM integration a bundler provides).
//
// Every URL inside the package may carry a `?copy=N` query. The hooks pass it on to everything
// that module imports, so each N is a separate module graph: a separate wasm instance with its own
// memory. That is how peer.mjs starts over after a wasm panic has poisoned an instance.
//
// The package's files are read from node_modules as they are; nothing is rewritten except that the
// ".wasm" import is answered by a small module generated here.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const COPY = "copy";
let packageRoot = null; // file: URL of the package folder, ending in "/"
const wasmExportNames = new Map(); // wasm path -> { exports, imports }

/** Receives { packageRoot } from peer.mjs. */
export function initialize(data) {
  packageRoot = new URL(data.packageRoot).href;
}

const insidePackage = (url) => packageRoot !== null && url?.startsWith(packageRoot);

const withoutQuery = (url) => {
  const u = new URL(url);
  u.search = "";
  return u;
};

export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL;
  if (!insidePackage(parent) || !(specifier.startsWith("./") || specifier.startsWith("../"))) {
    const resolved = await nextResolve(specifier, context);
    return insidePackage(resolved.url) ? { url: resolved.url, shortCircuit: true } : resolved;
  }
  const target = new URL(specifier, parent);
  if (!/\.(?:js|mjs|wasm)$/.test(target.pathname)) target.pathname += ".js";
  const copy = new URL(parent).searchParams.get(COPY);
  target.search = copy === null ? "" : `?${COPY}=${encodeURIComponent(copy)}`;
  return { url: target.href, shortCircuit: true };
}

export async function load(url, context, nextLoad) {
  if (!insidePackage(url)) return nextLoad(url, context);
  const file = fileURLToPath(withoutQuery(url));
  if (file.endsWith(".wasm")) {
    return { format: "module", source: wasmAsModule(file), shortCircuit: true };
  }
  if (file.endsWith(".js") || file.endsWith(".mjs")) {
    return { format: "module", source: readFileSync(file, "utf8"), shortCircuit: true };
  }
  return nextLoad(url, context);
}

/** Source of an ES module that instantiates `file` and exports everything the instance exports. */
function wasmAsModule(file) {
  let shape = wasmExportNames.get(file);
  if (shape === undefined) {
    const compiled = new WebAssembly.Module(readFileSync(file));
    shape = {
      exports: WebAssembly.Module.exports(compiled).map((e) => e.name),
      imports: [...new Set(WebAssembly.Module.imports(compiled).map((i) => i.module))],
    };
    wasmExportNames.set(file, shape);
  }
  const lines = [`import { readFileSync } from "node:fs";`];
  shape.imports.forEach((name, i) => lines.push(`import * as imported${i} from ${JSON.stringify(name)};`));
  const importObject = shape.imports.map((name, i) => `${JSON.stringify(name)}: imported${i}`).join(", ");
  lines.push(
    `const bytes = readFileSync(${JSON.stringify(file)});`,
    `const { instance } = await WebAssembly.instantiate(bytes, { ${importObject} });`,
  );
  shape.exports.forEach((name, i) => {
    lines.push(`const exported${i} = instance.exports[${JSON.stringify(name)}];`);
    lines.push(`export { exported${i} as ${JSON.stringify(name)} };`);
  });
  return lines.join("\n");
}
