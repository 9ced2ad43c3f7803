// The try-it blocks' Python: Pyodide, NumPy, Lark and the book's w2vlib in a module Web Worker.
//
// Started by tryit.js when the reader shows intent (the first focus of an editor, a switch of
// mode, or Run), never on page load. Everything comes from the book's own folder: the runtime
// and the NumPy wheel from vendor/pyodide/ (pinned and hash-checked by assets/fetch.py;
// loadPackage checks the wheel against pyodide-lock.json again), Lark's pure-Python wheel from
// vendor/pyodide/ too (pinned by sha256 in assets/pyodide-wheels.txt), w2vlib and the runner
// (tryit_runner.py) from vendor/tryit/w2vlib.zip, zipped from the checkout at every book build.
//
// Messages from the page (each with math: whether the page has a Math mode, which the first one
// uses to warm the math checker up too): {kind: "boot"} (load Python now, answer nothing), and with an id
// {kind: "code", code, call}, {kind: "math", answer, result} or {kind: "preview", answer, result}.
// Replies: {type: "progress", step, of, text} while loading, {type: "ready", ms} once loaded,
// {type: "running", id} when the reader's input starts running, {type: "result", id, kind, ms, ...}
// when it is done (tryit_runner's dict), {type: "failed", id, message} when Python could not be
// loaded, {type: "crashed", id, message} when the reader's code broke the interpreter itself.

import { loadPyodide } from "../pyodide/pyodide.mjs";

// The pure-Python wheels assets/fetch.py serves (SHIPPED_WHEELS, as pinned in pyodide-wheels.txt).
const WHEELS = ["lark-1.3.1-py3-none-any.whl"];
const BOOK_DIR = "/home/pyodide/book";
const STEPS = 4;
let ready = null;

function progress(step, text) {
  postMessage({ type: "progress", step, of: STEPS, text });
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname.split("/").pop()}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

async function boot(math) {
  const started = performance.now();
  progress(1, "the Python runtime");
  const here = (path) => new URL(path, import.meta.url);
  // Fetched while the runtime starts (w2vlib and Lark: about 200 KB together).
  const urls = [here("w2vlib.zip"), ...WHEELS.map((w) => here(`../pyodide/${w}`))];
  const files = Promise.all(urls.map(fetchBytes));
  const pyodide = await loadPyodide({
    indexURL: here("../pyodide/").href,
    // The reader's prints are captured by the runner; nothing else should reach the console.
    stdout: () => {},
    stderr: () => {},
    // No keyboard input in a worker: input() gets end of file (EOFError), not a console error.
    stdin: () => null,
  });
  progress(2, "NumPy");
  await pyodide.loadPackage("numpy", { messageCallback: () => {}, errorCallback: (m) => console.warn(m) });
  progress(3, "w2vlib and its parser");
  const [zip, ...wheels] = await files;
  pyodide.unpackArchive(zip, "zip", { extractDir: BOOK_DIR });
  // A wheel is a zip whose top level is the package and its metadata: unpacked on sys.path.
  for (const wheel of wheels) pyodide.unpackArchive(wheel, "zip", { extractDir: BOOK_DIR });
  progress(4, "the checker");
  // Importing (and, for a page with a Math mode, reading and checking one formula) builds the
  // checkers and the parser here, so that the reader's first Run is quick.
  pyodide.runPython(`
import sys
sys.path.insert(0, "${BOOK_DIR}")
import tryit_runner
`);
  const runner = pyodide.globals.get("tryit_runner");
  runner.warm_up(Boolean(math));
  postMessage({ type: "ready", ms: performance.now() - started });
  return { code: runner.run, math: runner.run_math, preview: runner.preview };
}

onmessage = async (event) => {
  const msg = event.data;
  let fns;
  try {
    ready ??= boot(msg.math);
    fns = await ready;
  } catch (err) {
    ready = null;
    postMessage({ type: "failed", id: msg.id, message: String(err && err.message ? err.message : err) });
    return;
  }
  if (msg.kind === "boot") return;
  postMessage({ type: "running", id: msg.id });
  const started = performance.now();
  let out;
  try {
    const result = msg.kind === "code" ? fns.code(msg.code, msg.call)
      : fns[msg.kind](msg.answer, msg.result ?? null);
    out = result.toJs({ dict_converter: Object.fromEntries });
    result.destroy();
  } catch (err) {
    // The runner turns the reader's errors into reports; what gets here broke Python itself
    // (a JavaScript stack overflow from deep recursion, say). The page starts a new worker.
    ready = null;
    postMessage({ type: "crashed", id: msg.id, message: String(err && err.message ? err.message : err) });
    return;
  }
  postMessage({ type: "result", id: msg.id, kind: msg.kind, ms: performance.now() - started, ...out });
};
