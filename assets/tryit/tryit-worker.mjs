// The try-it blocks' Python: Pyodide, NumPy and the book's w2vlib in a module Web Worker.
//
// Started by tryit.js on the reader's first Run, never before. Everything comes
// from the book's own folder: the runtime and the NumPy wheel from
// vendor/pyodide/ (pinned and hash-checked by assets/fetch.py; loadPackage
// checks the wheel against pyodide-lock.json again), w2vlib and the runner
// (tryit_runner.py) from vendor/tryit/w2vlib.zip, zipped from the checkout
// at every book build.
//
// Messages from the page: {id, code, call}. Replies: {type: "progress", step,
// of, text} while loading, {type: "running", id} when the reader's code
// starts, {type: "result", id, status, report, printed, ms} when it is done,
// {type: "failed", id, message} when Python could not be loaded, {type: "crashed", id,
// message} when the reader's code broke the interpreter itself.

import { loadPyodide } from "../pyodide/pyodide.mjs";

const STEPS = 4;
let ready = null;

function progress(step, text) {
  postMessage({ type: "progress", step, of: STEPS, text });
}

async function boot() {
  progress(1, "the Python runtime");
  const pyodide = await loadPyodide({
    indexURL: new URL("../pyodide/", import.meta.url).href,
    // The reader's prints are captured by the runner; nothing else should reach the console.
    stdout: () => {},
    stderr: () => {},
    // No keyboard input in a worker: input() gets end of file (EOFError), not a console error.
    stdin: () => null,
  });
  progress(2, "NumPy");
  await pyodide.loadPackage("numpy", { messageCallback: () => {}, errorCallback: (m) => console.warn(m) });
  progress(3, "w2vlib");
  const zip = await fetch(new URL("w2vlib.zip", import.meta.url));
  if (!zip.ok) throw new Error(`w2vlib.zip: HTTP ${zip.status}`);
  pyodide.unpackArchive(await zip.arrayBuffer(), "zip", { extractDir: "/home/pyodide/book" });
  progress(4, "the checker");
  pyodide.runPython(`
import sys
sys.path.insert(0, "/home/pyodide/book")
import w2vlib.checker, tryit_runner
`);
  return pyodide.globals.get("tryit_runner").run;
}

onmessage = async (event) => {
  const { id, code, call } = event.data;
  let run;
  try {
    ready ??= boot();
    run = await ready;
  } catch (err) {
    ready = null;
    postMessage({ type: "failed", id, message: String(err && err.message ? err.message : err) });
    return;
  }
  postMessage({ type: "running", id });
  const started = performance.now();
  let out;
  try {
    const result = run(code, call);
    out = result.toJs({ dict_converter: Object.fromEntries });
    result.destroy();
  } catch (err) {
    // The runner turns the reader's errors into reports; what gets here broke Python itself
    // (a JavaScript stack overflow from deep recursion, say). The page starts a new worker.
    ready = null;
    postMessage({ type: "crashed", id, message: String(err && err.message ? err.message : err) });
    return;
  }
  postMessage({ type: "result", id, ms: performance.now() - started, ...out });
};
