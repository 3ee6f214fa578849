// The live interop peer of Recrypt for .NET's tests: IronCore Labs' published recrypt build
// (npm @ironcorelabs/recrypt-wasm-binding, AGPL-3.0, installed by `npm ci`, never copied here),
// driven over JSON lines.
//
//   node peer.mjs          one request per stdin line, one response per stdout line, in order
//
// Request:  {"id": any, "method": "encrypt", "params": {"plaintext": "<hex>", ...}}
// Response: {"id": any, "result": ...}   or   {"id": any, "error": "<message>", "kind": "<kind>"}
//
// Byte strings are hex (any case in, lowercase out). A public key is {"x": hex, "y": hex}.
// EncryptedValue, TransformBlock and TransformKey are objects with the package's field names.
// Error kinds: "recrypt" (an error recrypt returned; `error` is its message), "panic" (the wasm
// trapped, which is how a Rust panic shows; the peer has already moved to a fresh wasm instance and
// adds "reloaded": true), "request" (the request itself is malformed), "js" (any other exception).
// The method list is METHODS below; `methods` lists it and `version` identifies the build.

import { register } from "node:module";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

const PACKAGE_NAME = "@ironcorelabs/recrypt-wasm-binding";
const packageRoot = new URL("./", import.meta.resolve(`${PACKAGE_NAME}/package.json`));
register("./bundler-hooks.mjs", { parentURL: import.meta.url, data: { packageRoot: packageRoot.href } });

const build = {
  name: PACKAGE_NAME,
  version: JSON.parse(readFileSync(new URL("package.json", packageRoot), "utf8")).version,
  wasmSha256: createHash("sha256")
    .update(readFileSync(new URL("recrypt_wasm_binding_bg.wasm", packageRoot)))
    .digest("hex"),
  node: process.version,
};

// --- the peer: one wasm instance (a module graph of the package) and one Api256 on it -----------

let copies = 0;

async function freshPeer() {
  // The package's documented entry point is its shim; each ?copy=N is an independent instance.
  const shim = await import(new URL(`Api256Shim.js?copy=${++copies}`, packageRoot).href);
  return { shim, api: new shim.Api256() };
}

let peer = await freshPeer();

// --- wire codec: each shape turns JSON into the package's values and back -----------------------

class BadRequest extends Error {}

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

const bytes = {
  read(json, path) {
    if (typeof json !== "string" || !HEX.test(json)) throw new BadRequest(`${path}: expected hex with an even number of digits`);
    return Uint8Array.from(Buffer.from(json, "hex"));
  },
  write(value) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex");
  },
};

const optional = (shape) => ({
  optional: true,
  read: (json, path) => (json === undefined || json === null ? undefined : shape.read(json, path)),
  write: (value) => (value === undefined ? null : shape.write(value)),
});

const passThrough = (type) => ({
  read(json, path) {
    if (typeof json !== type) throw new BadRequest(`${path}: expected a ${type}`);
    return json;
  },
  write: (value) => value,
});

const listOf = (shape) => ({
  read(json, path) {
    if (!Array.isArray(json)) throw new BadRequest(`${path}: expected an array`);
    return json.map((item, i) => shape.read(item, `${path}[${i}]`));
  },
  write: (value) => Array.from(value, (item) => shape.write(item)),
});

/** An object with exactly these fields, in this order. */
const record = (fields) => ({
  read(json, path) {
    if (json === null || typeof json !== "object" || Array.isArray(json)) throw new BadRequest(`${path}: expected an object`);
    for (const key of Object.keys(json)) {
      if (!Object.hasOwn(fields, key)) throw new BadRequest(`${path}.${key}: unknown field`);
    }
    const value = {};
    for (const [key, shape] of Object.entries(fields)) {
      if (!Object.hasOwn(json, key)) throw new BadRequest(`${path}.${key}: missing field`);
      value[key] = shape.read(json[key], `${path}.${key}`);
    }
    return value;
  },
  write(value) {
    const json = {};
    for (const [key, shape] of Object.entries(fields)) json[key] = shape.write(value[key]);
    return json;
  },
});

const publicKey = record({ x: bytes, y: bytes });
const keyPair = record({ privateKey: bytes, publicKey });
const signingKeyPair = record({ privateKey: bytes, publicKey: bytes });
const transformBlock = record({
  publicKey,
  encryptedTempKey: bytes,
  randomTransformPublicKey: publicKey,
  randomTransformEncryptedTempKey: bytes,
});
const encryptedValue = record({
  ephemeralPublicKey: publicKey,
  encryptedMessage: bytes,
  authHash: bytes,
  publicSigningKey: bytes,
  signature: bytes,
  transformBlocks: listOf(transformBlock),
});
const transformKey = record({
  toPublicKey: publicKey,
  ephemeralPublicKey: publicKey,
  encryptedTempKey: bytes,
  hashedTempKey: bytes,
  publicSigningKey: bytes,
  signature: bytes,
});
const boolean = passThrough("boolean");
const string = passThrough("string");
const uint32s = { write: (value) => Array.from(value) };
const anything = { write: (value) => value };

// --- methods: [parameter name, shape] in the package's order, the call, and the result's shape ----

const onApi = (name) => (args) => peer.api[name](...args);
const onShim = (name) => (args) => peer.shim[name](...args);

const METHODS = {
  generateKeyPair: [[], onApi("generateKeyPair"), keyPair],
  generateEd25519KeyPair: [[], onApi("generateEd25519KeyPair"), signingKeyPair],
  generatePlaintext: [[], onApi("generatePlaintext"), bytes],
  computePublicKey: [[["privateKey", bytes]], onApi("computePublicKey"), publicKey],
  computeEd25519PublicKey: [[["signingPrivateKey", bytes]], onApi("computeEd25519PublicKey"), bytes],
  encrypt: [
    [["plaintext", bytes], ["toPublicKey", publicKey], ["privateSigningKey", bytes]],
    onApi("encrypt"),
    encryptedValue,
  ],
  decrypt: [[["encryptedValue", encryptedValue], ["privateKey", bytes]], onApi("decrypt"), bytes],
  generateTransformKey: [
    [["fromPrivateKey", bytes], ["toPublicKey", publicKey], ["privateSigningKey", bytes]],
    onApi("generateTransformKey"),
    transformKey,
  ],
  transform: [
    [["encryptedValue", encryptedValue], ["transformKey", transformKey], ["privateSigningKey", bytes]],
    onApi("transform"),
    encryptedValue,
  ],
  schnorrSign: [[["privateKey", bytes], ["publicKey", publicKey], ["message", bytes]], onApi("schnorrSign"), bytes],
  schnorrVerify: [
    [["publicKey", publicKey], ["augmentedPrivateKey", optional(bytes)], ["message", bytes], ["signature", bytes]],
    onApi("schnorrVerify"),
    boolean,
  ],
  ed25519Sign: [[["signingPrivateKey", bytes], ["message", bytes]], onApi("ed25519Sign"), bytes],
  ed25519Verify: [
    [["signingPublicKey", bytes], ["message", bytes], ["signature", bytes]],
    onApi("ed25519Verify"),
    boolean,
  ],
  hash256: [[["hashableBytes", bytes]], onApi("hash256"), bytes],
  deriveSymmetricKey: [[["plaintext", bytes]], onApi("deriveSymmetricKey"), bytes],
  transformKeyToBytes256: [[["transformKey", transformKey]], onShim("transformKeyToBytes256"), bytes],
  augmentTransformKey256: [
    [["transformKey", transformKey], ["privateKey", bytes]],
    onShim("augmentTransformKey256"),
    transformKey,
  ],
  augmentPublicKey256: [
    [["currentPublicKey", publicKey], ["otherPublicKey", publicKey]],
    onShim("augmentPublicKey256"),
    publicKey,
  ],
  addPrivateKeys: [[["privateKeyA", bytes], ["privateKeyB", bytes]], onShim("addPrivateKeys"), bytes],
  subtractPrivateKeys: [[["privateKeyA", bytes], ["privateKeyB", bytes]], onShim("subtractPrivateKeys"), bytes],
  generateHashesForString: [
    [["s", string], ["salt", bytes], ["partitionId", optional(string)]],
    (args) => new peer.shim.EncryptedSearch().generateHashesForString(...args),
    uint32s,
  ],
  version: [[], () => build, anything],
  methods: [[], () => Object.keys(METHODS), anything],
};

// --- requests ------------------------------------------------------------------------------------

function call(method, params) {
  if (typeof method !== "string" || !Object.hasOwn(METHODS, method)) throw new BadRequest(`unknown method ${JSON.stringify(method)}`);
  if (params === null || typeof params !== "object" || Array.isArray(params)) throw new BadRequest("params: expected an object");
  const [parameters, invoke, resultShape] = METHODS[method];
  for (const key of Object.keys(params)) {
    if (!parameters.some(([name]) => name === key)) throw new BadRequest(`params.${key}: not a parameter of ${method}`);
  }
  const args = parameters.map(([name, shape]) => {
    if (params[name] === undefined && !shape.optional) throw new BadRequest(`params.${name}: missing`);
    return shape.read(params[name], `params.${name}`);
  });
  return resultShape.write(invoke(args));
}

function classify(err) {
  if (err instanceof WebAssembly.RuntimeError) return "panic";
  if (err instanceof BadRequest) return "request";
  // The binding raises recrypt's errors as plain Error objects carrying recrypt's message.
  if (err instanceof Error && err.constructor === Error) return "recrypt";
  return "js";
}

async function answer(line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch {
    return { id: null, error: "the line is not JSON", kind: "request" };
  }
  const id = request?.id ?? null;
  try {
    if (request === null || typeof request !== "object" || Array.isArray(request)) throw new BadRequest("expected a JSON object");
    return { id, result: call(request.method, request.params ?? {}) };
  } catch (err) {
    const kind = classify(err);
    const response = { id, error: String(err?.message ?? err), kind };
    if (kind === "panic") {
      // A trap leaves the instance's Rust state half-updated: every later call on it would fail.
      peer = await freshPeer();
      response.reloaded = true;
    }
    return response;
  }
}

process.stdout.on("error", (err) => {
  if (err.code === "EPIPE") process.exit(0); // the test process went away
  throw err;
});

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() !== "") process.stdout.write(`${JSON.stringify(await answer(line))}\n`);
}
