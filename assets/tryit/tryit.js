// The try-it blocks of the static book (built by _ext/w2v_tryit.py): edit, Run, see the checker's report.
//
// Nothing is fetched until the reader's first Run; then one module Web Worker
// (tryit-worker.mjs) loads Pyodide, NumPy and w2vlib from the book's own
// folder and runs the code. A run that takes longer than RUN_LIMIT_MS is
// stopped by terminating the worker; the next Run starts a new one. The
// reader's code is kept in localStorage, per chapter.
//
// For tests: window.w2vTryit.getCode(el) / setCode(el, code); the block's
// data-tryit-state is "idle", "loading", "running", "done" or "stopped", and
// data-tryit-runs counts the reports shown.
(() => {
  "use strict";

  const RUN_LIMIT_MS = 10_000;
  const INDENT = "    ";
  const here = document.currentScript.src;
  const workerURL = new URL("tryit-worker.mjs", here);
  const serveHelp = [
    "This page was opened from a file (file://), and browsers do not start Python's worker for such " +
      "pages.",
    "To run the checker here, serve the book over HTTP. In a terminal, in the book's folder, run " +
      "`make serve` (or `python -m http.server -d _build/html`) and open http://localhost:8000/.",
    "Published on the web (GitHub Pages, for example), the book works as it is. In Jupyter, Binder " +
      "or Colab the notebook's cells run as ordinary cells.",
  ].join("\n\n");

  let worker = null;
  let seq = 0;
  const waiting = new Map(); // run id -> handlers of the block that asked

  function startWorker() {
    const w = new Worker(workerURL, { type: "module", name: "w2v-tryit" });
    w.onmessage = (event) => {
      const msg = event.data;
      if (msg.type === "progress") {
        for (const h of waiting.values()) h.progress(msg);
        return;
      }
      const h = waiting.get(msg.id);
      if (!h) return;
      if (msg.type === "running") h.running();
      else {
        waiting.delete(msg.id);
        if (msg.type === "failed" || msg.type === "crashed") stopWorker();
        h.done(msg);
      }
    };
    w.onerror = (event) => {
      event.preventDefault();
      const message = event.message || "the Python worker could not start";
      stopWorker();
      for (const [id, h] of waiting) {
        waiting.delete(id);
        h.done({ type: "failed", message });
      }
    };
    return w;
  }

  function stopWorker() {
    if (worker) worker.terminate();
    worker = null;
  }

  function storageKey(el) {
    return "w2v-tryit:" + el.dataset.tryitKey;
  }

  function save(el, code) {
    try {
      if (code === shipped(el)) localStorage.removeItem(storageKey(el));
      else localStorage.setItem(storageKey(el), code);
    } catch (err) {
      // storage can be off (private mode, a policy); the editor still works
    }
  }

  function shipped(el) {
    return el.querySelector("template[data-tryit-shipped]").content.textContent;
  }

  function editor(el) {
    return el.querySelector("textarea");
  }

  function fit(area) {
    area.rows = Math.max(4, area.value.split("\n").length + 1);
  }

  function setCode(el, code, { store = true } = {}) {
    const area = editor(el);
    area.value = code;
    fit(area);
    if (store) save(el, code);
  }

  function getCode(el) {
    return editor(el).value;
  }

  function setState(el, state, status) {
    el.dataset.tryitState = state;
    el.querySelector("[data-tryit-status]").textContent = status;
    const run = el.querySelector("[data-tryit-run]");
    const busy = state === "loading" || state === "running";
    run.setAttribute("aria-disabled", String(busy));
    run.textContent = busy ? (state === "loading" ? "Loading…" : "Running…") : "Run";
    el.setAttribute("aria-busy", String(busy));
  }

  function show(el, caption, report, printed, kind) {
    el.querySelector("[data-tryit-caption]").textContent = caption;
    const out = el.querySelector("[data-tryit-output]");
    out.textContent = report;
    out.dataset.kind = kind;
    const pre = el.querySelector("[data-tryit-printed]");
    pre.textContent = printed ? "Your code printed:\n" + printed : "";
    pre.hidden = !printed;
    el.dataset.tryitRuns = String(Number(el.dataset.tryitRuns || 0) + 1);
  }

  function run(el) {
    if (el.dataset.tryitState === "loading" || el.dataset.tryitState === "running") return;
    if (location.protocol === "file:") {
      show(el, "Python cannot start here:", serveHelp, "", "help");
      setState(el, "done", "");
      return;
    }
    const cold = worker === null;
    if (cold) {
      try {
        worker = startWorker();
      } catch (err) {
        show(el, "Python cannot start here:", `This browser could not start the Python worker: ${err}.`,
             "", "help");
        return;
      }
    }
    const id = ++seq;
    const clicked = performance.now();
    let timer = null;
    setState(el, "loading", cold ? "Loading Python… 0/4" : "Starting…");
    waiting.set(id, {
      progress(msg) {
        setState(el, "loading", `Loading Python… ${msg.step}/${msg.of}: ${msg.text}`);
      },
      running() {
        setState(el, "running", "Running your code…");
        el.dataset.tryitLoadMs = String(Math.round(performance.now() - clicked));
        timer = setTimeout(() => {
          waiting.delete(id);
          stopWorker();
          show(el, "Report of your code:",
               `✗ Stopped after ${RUN_LIMIT_MS / 1000} s: your code was still running (an endless loop?).\n\n` +
               "Python was stopped to free the page. The next Run starts it again, which takes a few\n" +
               "seconds. Look for a loop whose condition never becomes false.", "", "stopped");
          setState(el, "stopped", `Stopped after ${RUN_LIMIT_MS / 1000} s. Python restarts on the next Run.`);
        }, RUN_LIMIT_MS);
      },
      done(msg) {
        clearTimeout(timer);
        if (msg.type === "crashed") {
          show(el, "Report of your code:",
               `✗ Your code stopped Python itself: ${msg.message}\n\n` +
               "This happens with very deep recursion, for example. Python was stopped; the next Run\n" +
               "starts it again, which takes a few seconds.", "", "error");
          setState(el, "stopped", "Python stopped. It restarts on the next Run.");
          return;
        }
        if (msg.type === "failed") {
          show(el, "Python could not be loaded:",
               `${msg.message}\n\nPress Run to try again.`, "", "failed");
          setState(el, "done", "Python could not be loaded.");
          return;
        }
        el.dataset.tryitRunMs = String(msg.ms);
        el.dataset.tryitTotalMs = String(performance.now() - clicked);
        show(el, "Report of your code, checked in your browser:", msg.report, msg.printed, msg.status);
        const verdict = { correct: "Correct.", wrong: "Not right yet.", syntax: "Syntax error.",
                          error: "Your code raised an error." }[msg.status] || "";
        setState(el, "done", `${verdict} Checked in ${(msg.ms / 1000).toFixed(2)} s.`);
      },
    });
    worker.postMessage({ id, code: getCode(el), call: el.dataset.tryitCall });
  }

  // Tab indents, Shift+Tab dedents, Enter keeps the indentation (one more after a colon),
  // Esc lets the next Tab leave the editor, Ctrl/Cmd+Enter runs.
  function insert(area, text) {
    area.focus();
    if (!document.execCommand("insertText", false, text)) {
      area.setRangeText(text, area.selectionStart, area.selectionEnd, "end");
      area.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  function reindent(area, dedent) {
    const v = area.value;
    const start = v.lastIndexOf("\n", area.selectionStart - 1) + 1;
    let end = v.indexOf("\n", area.selectionEnd - (area.selectionEnd > area.selectionStart ? 1 : 0));
    if (end === -1) end = v.length;
    const lines = v.slice(start, end).split("\n");
    const changed = lines.map((line) =>
      dedent ? line.replace(new RegExp(`^ {1,${INDENT.length}}`), "") : INDENT + line).join("\n");
    area.setSelectionRange(start, end);
    insert(area, changed);
    area.setSelectionRange(start, start + changed.length);
  }

  function onKey(event, el) {
    const area = event.target;
    if (event.key === "Escape") {
      area.dataset.leave = "1";
      return;
    }
    if (event.key === "Tab" && area.dataset.leave === "1") {
      delete area.dataset.leave;
      return; // the browser moves the focus
    }
    delete area.dataset.leave;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run(el);
    } else if (event.key === "Tab") {
      event.preventDefault();
      const multi = area.value.slice(area.selectionStart, area.selectionEnd).includes("\n");
      if (event.shiftKey || multi) reindent(area, event.shiftKey);
      else insert(area, INDENT);
    } else if (event.key === "Enter" && !event.shiftKey && !event.altKey) {
      event.preventDefault();
      const before = area.value.slice(0, area.selectionStart);
      const line = before.slice(before.lastIndexOf("\n") + 1);
      const indent = line.match(/^ */)[0] + (/:\s*(#.*)?$/.test(line) ? INDENT : "");
      insert(area, "\n" + indent);
    }
  }

  function init(el) {
    const area = editor(el);
    let stored = null;
    try {
      stored = localStorage.getItem(storageKey(el));
    } catch (err) {
      stored = null;
    }
    if (stored !== null && stored !== shipped(el)) {
      setCode(el, stored, { store: false });
      setState(el, "idle", "Your code from your last visit is back. Reset brings back the shipped attempt.");
    } else {
      fit(area);
      setState(el, "idle", "");
    }
    let pending = null;
    area.addEventListener("input", () => {
      fit(area);
      clearTimeout(pending);
      pending = setTimeout(() => save(el, area.value), 300);
    });
    area.addEventListener("keydown", (event) => onKey(event, el));
    el.querySelector("[data-tryit-run]").addEventListener("click", () => run(el));
    el.querySelector("[data-tryit-reset]").addEventListener("click", () => {
      if (el.dataset.tryitState === "loading" || el.dataset.tryitState === "running") return;
      setCode(el, shipped(el));
      setState(el, "idle", "The shipped attempt is back.");
    });
    if (location.protocol === "file:") {
      const note = document.createElement("p");
      note.className = "w2v-tryit-file";
      note.textContent = "Opened from a file: Run needs the book served over HTTP " +
        "(make serve, then http://localhost:8000/). Press Run for details.";
      el.querySelector(".w2v-tryit-head").append(note);
    }
  }

  window.w2vTryit = { getCode, setCode: (el, code) => setCode(el, code), run };
  const start = () => document.querySelectorAll("[data-tryit]").forEach(init);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
