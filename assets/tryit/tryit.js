// The try-it blocks of the static book (built by _ext/w2v_tryit.py): edit code or math, Run, see the report.
//
// Nothing is fetched on page load. Python starts when the reader shows intent: the first focus of
// an editor, a switch of mode, or Run. Then one module Web Worker (tryit-worker.mjs) loads Pyodide,
// NumPy, Lark and w2vlib from the book's own folder, in the background, so that the first Run after
// a few seconds of typing answers at once. A run that takes longer than RUN_LIMIT_MS is stopped by
// terminating the worker; the next Run starts a new one. The reader's code and math are kept in
// localStorage, per chapter and per mode; so is the last mode.
//
// The Math mode: the reader's LaTeX is read by w2vlib.mathcheck.preview in the worker while they
// type (debounced), and the formula as read is typeset by the page's MathJax, so that a misreading
// shows before Run; Run checks it with check_math and the report shows the first wrong line, the
// two expressions that differ (typeset) and their values, then the text report. In both modes the
// report's "How to fix it" is collapsed until the reader opens it.
//
// For tests: window.w2vTryit.getCode(el) / setCode(el, code), getMath(el) / setMath(el, text),
// setMode(el, "code" | "math"); the block's data-tryit-state is "idle", "loading", "running",
// "done" or "stopped", data-tryit-runs counts the reports shown, data-tryit-previews the previews,
// and data-tryit-worker is "loading" or "ready" once Python was started.
(() => {
  "use strict";

  const RUN_LIMIT_MS = 10_000;
  const PREVIEW_DELAY_MS = 350;
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
  const FIX_LINE = /^\s*(How to fix it|Fix): /;
  const VERDICT = {
    correct: "Correct.", wrong: "Not right yet.", syntax: "Syntax error.",
    error: "Your code raised an error.", parse: "Your math could not be read.",
  };

  let worker = null;
  let workerReady = false;
  let seq = 0;
  const waiting = new Map(); // message id -> handlers of the block that asked
  const booting = new Set(); // blocks that started Python and want to hear how it goes

  // --- the worker -------------------------------------------------------------------------------

  function startWorker() {
    const w = new Worker(workerURL, { type: "module", name: "w2v-tryit" });
    workerReady = false;
    w.onmessage = (event) => {
      const msg = event.data;
      if (msg.type === "progress") {
        for (const h of waiting.values()) h.progress?.(msg);
        for (const el of booting) {
          if (busy(el)) continue;
          setStatus(el, `Loading Python in the background… ${msg.step}/${msg.of}: ${msg.text}`);
        }
        return;
      }
      if (msg.type === "ready") {
        workerReady = true;
        for (const el of booting) {
          el.dataset.tryitWorker = "ready";
          el.dataset.tryitBootMs = String(Math.round(msg.ms));
          if (!busy(el)) setStatus(el, "Python is ready: Run checks your attempt.");
          if (el.dataset.tryitMode === "math" && el.dataset.tryitPreviewStale === "1") requestPreview(el);
        }
        booting.clear();
        return;
      }
      const h = waiting.get(msg.id);
      if (!h) {
        if (msg.type === "failed") {
          stopWorker();
          for (const el of booting) setStatus(el, `Python could not be loaded: ${msg.message}`);
          booting.clear();
        }
        return;
      }
      if (msg.type === "running") h.running?.();
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
      for (const el of booting) setStatus(el, `Python could not be loaded: ${message}`);
      booting.clear();
    };
    return w;
  }

  function stopWorker() {
    if (worker) worker.terminate();
    worker = null;
    workerReady = false;
  }

  // Start Python in the background (the reader clicked into an editor or switched the mode).
  function warm(el) {
    if (location.protocol === "file:" || el.dataset.tryitWorker) return;
    if (worker === null) {
      try {
        worker = startWorker();
      } catch (err) {
        return; // Run says why
      }
      worker.postMessage({ kind: "boot", math: hasMath(el) });
    }
    el.dataset.tryitWorker = workerReady ? "ready" : "loading";
    if (!workerReady) booting.add(el);
  }

  // --- storage and the editors ------------------------------------------------------------------

  function storageKey(el, mode) {
    return "w2v-tryit:" + el.dataset.tryitKey + (mode === "math" ? ":math" : mode === "mode" ? ":mode" : "");
  }

  function load(el, mode) {
    try {
      return localStorage.getItem(storageKey(el, mode));
    } catch (err) {
      return null; // storage can be off (private mode, a policy); the editor still works
    }
  }

  function store(el, mode, text, shippedText) {
    try {
      if (text === shippedText) localStorage.removeItem(storageKey(el, mode));
      else localStorage.setItem(storageKey(el, mode), text);
    } catch (err) {
      // as in load
    }
  }

  function shipped(el, mode) {
    const sel = mode === "math" ? "template[data-tryit-math-shipped]" : "template[data-tryit-shipped]";
    return el.querySelector(sel).content.textContent;
  }

  function editor(el, mode) {
    return el.querySelector(mode === "math" ? "textarea[data-tryit-math]" : "textarea[data-tryit-code]");
  }

  function hasMath(el) {
    return editor(el, "math") !== null;
  }

  function mode(el) {
    return el.dataset.tryitMode === "math" ? "math" : "code";
  }

  // The textarea grows with its text (soft-wrapped lines included); the gutter gives every line of
  // the text its number, as tall as the line is on screen, measured on a mirror with the same width
  // and font.
  function fit(area) {
    area.rows = 1; // so that scrollHeight is the text's height, not the rows attribute's
    area.style.height = "auto";
    area.style.height = `${area.scrollHeight + 2}px`;
    numberLines(area);
  }

  function numberLines(area) {
    const gutter = area.parentElement.querySelector("[data-tryit-gutter]");
    if (!gutter) return;
    const lines = area.value.split("\n");
    const style = getComputedStyle(area);
    const mirror = document.createElement("div");
    mirror.className = "w2v-tryit-mirror";
    const width = area.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    Object.assign(mirror.style, {
      width: `${width}px`, font: style.font, lineHeight: style.lineHeight, tabSize: style.tabSize,
      letterSpacing: style.letterSpacing,
    });
    for (const line of lines) {
      const div = document.createElement("div");
      div.textContent = line || "\u200b";
      mirror.append(div);
    }
    area.parentElement.append(mirror);
    const heights = [...mirror.children].map((d) => d.getBoundingClientRect().height);
    mirror.remove();
    const marked = new Set((area.dataset.wrongLines || "").split(",").filter(Boolean).map(Number));
    gutter.replaceChildren(...heights.map((h, i) => {
      const n = document.createElement("div");
      n.textContent = String(i + 1);
      n.style.height = `${h}px`;
      if (marked.has(i + 1)) n.className = "w2v-tryit-gutter-wrong";
      return n;
    }));
    gutter.style.paddingTop = style.paddingTop;
    gutter.scrollTop = area.scrollTop;
  }

  function markLines(area, lines) {
    area.dataset.wrongLines = lines.filter((n) => Number.isInteger(n) && n > 0).join(",");
    numberLines(area);
  }

  function setText(el, m, text, { save = true } = {}) {
    const area = editor(el, m);
    area.value = text;
    markLines(area, []);
    fit(area);
    if (save) store(el, m, text, shipped(el, m));
    if (m === "math") schedulePreview(el, 0);
  }

  function setState(el, state, status) {
    el.dataset.tryitState = state;
    setStatus(el, status);
    const run = el.querySelector("[data-tryit-run]");
    const isBusy = state === "loading" || state === "running";
    run.setAttribute("aria-disabled", String(isBusy));
    run.textContent = isBusy ? (state === "loading" ? "Loading…" : "Running…") : "Run";
    el.setAttribute("aria-busy", String(isBusy));
  }

  function setStatus(el, status) {
    el.querySelector("[data-tryit-status]").textContent = status;
  }

  function busy(el) {
    return el.dataset.tryitState === "loading" || el.dataset.tryitState === "running";
  }

  // --- MathJax ----------------------------------------------------------------------------------

  function typeset(node) {
    const mj = window.MathJax;
    if (!mj || !mj.typesetPromise) return Promise.resolve(false);
    return (mj.startup?.promise || Promise.resolve())
      .then(() => mj.typesetPromise([node]))
      .then(() => keyboardScroll(node))
      .then(() => true, (err) => {
        console.warn("MathJax could not typeset the try-it math:", err);
        return false;
      });
  }

  // Typeset math wider than its box scrolls sideways (book.css, tryit.css); such a box is a Tab
  // stop so the keyboard can scroll it, by book.js's rule for the page's own formulas.
  function keyboardScroll(node) {
    for (const box of [node, ...node.querySelectorAll(".w2v-tryit-tex, mjx-container")]) {
      const scrolls = box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== "visible";
      window.w2vScrollerTabStop(box, scrolls);
    }
  }

  function untypeset(node) {
    if (window.MathJax?.typesetClear) window.MathJax.typesetClear([node]);
  }

  function math(latex, display = false) {
    const span = document.createElement("span");
    span.className = "w2v-tryit-tex";
    span.textContent = display ? `\\[${latex}\\]` : `\\(${latex}\\)`;
    return span;
  }

  // --- reports ----------------------------------------------------------------------------------

  // The report's text, in <pre data-tryit-text> parts whose texts joined by "\n" are the report;
  // the fix paragraph ("How to fix it: …" in the code checker's reports, "Fix: …" in the math
  // checker's) (its line and the deeper-indented lines under it) sits in a
  // collapsed <details>, so that the reader sees the diagnosis first and the fix on request.
  function appendText(out, text) {
    const pre = (lines) => {
      const p = document.createElement("pre");
      p.dataset.tryitText = "";
      p.textContent = lines.join("\n");
      return p;
    };
    const lines = text.split("\n");
    const at = lines.findIndex((line) => FIX_LINE.test(line));
    if (at < 0) {
      out.append(pre(lines));
      return;
    }
    const indent = lines[at].match(/^ */)[0].length;
    let end = at + 1;
    const deeper = (line) => /^ +\S/.test(line) && line.match(/^ */)[0].length > indent;
    while (end < lines.length && deeper(lines[end])) end++;
    if (at > 0) out.append(pre(lines.slice(0, at)));
    const details = document.createElement("details");
    details.className = "w2v-tryit-fix";
    const summary = document.createElement("summary");
    summary.textContent = "How to fix it";
    details.append(summary, pre(lines.slice(at, end)));
    out.append(details);
    if (end < lines.length) out.append(pre(lines.slice(end)));
  }

  // The math report's head: the derivation as read, line by line, the first wrong line marked; the
  // two expressions that differ there, typeset, with their values on the failing case.
  function mathView(data) {
    const view = document.createElement("div");
    view.className = "w2v-tryit-mathview mathjax_process";
    if (!data) return view;
    const wrong = data.first_wrong_line ?? data.failing?.line ?? data.parse_error?.line ?? null;
    if (data.parse_error) {
      const p = document.createElement("p");
      p.className = "w2v-tryit-mathnote";
      const { line, column, message } = data.parse_error;
      p.textContent = `Line ${line}, column ${column}: ${message}`;
      view.append(p);
    }
    const steps = data.steps || [];
    if (steps.length) {
      const list = document.createElement("ol");
      list.className = "w2v-tryit-steps";
      list.setAttribute("aria-label", "Your derivation as read");
      for (const step of steps) {
        const li = document.createElement("li");
        li.dataset.line = String(step.line);
        const num = document.createElement("span");
        num.className = "w2v-tryit-step-num";
        num.textContent = `line ${step.line}`;
        const verdict = document.createElement("span");
        verdict.className = "w2v-tryit-step-mark";
        verdict.textContent = step.ok === true ? "✓" : step.ok === false ? "✗" : "";
        li.append(num, math(step.latex), verdict);
        if (step.line === wrong && step.ok === false && !list.querySelector(".w2v-tryit-step-wrong")) {
          li.className = "w2v-tryit-step-wrong";
          const note = document.createElement("strong");
          note.textContent = "first wrong line";
          li.append(note);
        }
        if (step.note) {
          const note = document.createElement("span");
          note.className = "w2v-tryit-step-note";
          note.textContent = step.note;
          li.append(note);
        }
        list.append(li);
      }
      view.append(list);
    }
    const f = data.failing;
    if (f) {
      const box = document.createElement("div");
      box.className = "w2v-tryit-differ";
      const head = document.createElement("p");
      head.textContent = `Line ${f.line} does not follow: these two differ${f.case ? ` on ${f.case}` : ""}.`;
      box.append(head);
      for (const [label, latex, value] of [["before", f.before_latex, f.before_value],
                                           ["after", f.after_latex, f.after_value]]) {
        const row = document.createElement("div");
        row.className = "w2v-tryit-differ-row";
        const [tex, where] = source(latex || "");
        const name = document.createElement("span");
        name.className = "w2v-tryit-differ-label";
        const which = label === "before" ? "Before" : `Line ${f.line}`;
        name.textContent = `${which}${where ? ` (${where})` : ""}:`;
        row.append(name, math(tex, true));
        if (value) {
          const val = document.createElement("pre");
          val.className = "w2v-tryit-differ-value";
          val.textContent = `= ${value}`;
          row.append(val);
        }
        box.append(row);
      }
      view.append(box);
    }
    return view;
  }

  // The checker may say in words where an expression comes from, before it ("the derived result,
  // …") or after it ("…  (line 2, as read)"): those words are shown as text, not typeset.
  function source(latex) {
    const before = /^([a-z][a-z ]*[a-z]), (.+)$/s.exec(latex);
    if (before) return [before[2], before[1]];
    const after = /^(.+?)\s+\(((?:line \d+|the derived result)[^()]*)\)$/s.exec(latex);
    if (after) return [after[1], after[2]];
    return [latex, ""];
  }

  function show(el, caption, report, printed, kind, data) {
    el.querySelector("[data-tryit-caption]").textContent = caption;
    const out = el.querySelector("[data-tryit-output]");
    for (const view of out.querySelectorAll(".w2v-tryit-mathview")) untypeset(view);
    out.replaceChildren();
    out.dataset.kind = kind;
    const view = data !== undefined ? mathView(data) : null;
    if (view) out.append(view);
    appendText(out, report);
    if (view) typeset(view);
    const pre = el.querySelector("[data-tryit-printed]");
    pre.textContent = printed ? "Your code printed:\n" + printed : "";
    pre.hidden = !printed;
    el.dataset.tryitRuns = String(Number(el.dataset.tryitRuns || 0) + 1);
  }

  // Each mode keeps its own report; switching the mode swaps them.
  const saved = new WeakMap(); // el -> {code: {caption, nodes, kind, printed}, math: …}

  function stash(el, m) {
    const out = el.querySelector("[data-tryit-output]");
    const pre = el.querySelector("[data-tryit-printed]");
    const mine = saved.get(el) || {};
    mine[m] = {
      caption: el.querySelector("[data-tryit-caption]").textContent, nodes: [...out.childNodes],
      kind: out.dataset.kind || "", printed: pre.textContent,
    };
    saved.set(el, mine);
  }

  function unstash(el, m) {
    const item = (saved.get(el) || {})[m];
    if (!item) return;
    el.querySelector("[data-tryit-caption]").textContent = item.caption;
    const out = el.querySelector("[data-tryit-output]");
    out.replaceChildren(...item.nodes);
    out.dataset.kind = item.kind;
    const pre = el.querySelector("[data-tryit-printed]");
    pre.textContent = item.printed;
    pre.hidden = !item.printed;
    const view = out.querySelector(".w2v-tryit-mathview");
    if (view) typeset(view);
  }

  function reportLines(report) {
    const found = report.match(/\bon line (\d+)\b/);
    return found ? [Number(found[1])] : [];
  }

  // --- the preview ------------------------------------------------------------------------------

  const previewTimers = new WeakMap();

  function schedulePreview(el, delay = PREVIEW_DELAY_MS) {
    if (!hasMath(el)) return;
    const box = el.querySelector("[data-tryit-preview]");
    if (editor(el, "math").value === box.dataset.tryitPreviewOf) {
      markStale(el, false);
      return;
    }
    markStale(el, true);
    clearTimeout(previewTimers.get(el));
    if (worker === null && !el.dataset.tryitWorker) return; // the first focus starts Python
    previewTimers.set(el, setTimeout(() => requestPreview(el), delay));
  }

  // The preview says when it shows an earlier version of the text (Python not loaded yet, or busy).
  function markStale(el, stale) {
    el.dataset.tryitPreviewStale = stale ? "1" : "0";
    const box = el.querySelector("[data-tryit-preview]");
    const label = document.getElementById(box.getAttribute("aria-labelledby"));
    label.textContent = stale
      ? "How an earlier version was read (the preview follows your text once Python has loaded):"
      : "How it was read:";
  }

  function requestPreview(el) {
    if (worker === null || !workerReady) return; // "ready" asks again
    const answer = editor(el, "math").value;
    const id = ++seq;
    el.dataset.tryitPreviewId = String(id);
    // Reading a formula is quick; one that is not (a pathological input) must not hold Python.
    const timer = setTimeout(() => {
      waiting.delete(id);
      stopWorker();
      el.dataset.tryitWorker = "";
      previewProblem(el, `Reading this took more than ${RUN_LIMIT_MS / 1000} s, so it was stopped.`);
    }, RUN_LIMIT_MS);
    waiting.set(id, {
      done(msg) {
        clearTimeout(timer);
        if (el.dataset.tryitPreviewId !== String(id)) return;
        if (msg.type === "result") showPreview(el, answer, msg);
        else previewProblem(el, `The preview failed: ${msg.message}`);
      },
    });
    worker.postMessage({ id, kind: "preview", answer, result: resultOf(el), math: true });
  }

  function previewProblem(el, text) {
    const problem = el.querySelector("[data-tryit-parse-error]");
    problem.hidden = false;
    problem.textContent = text;
  }

  function showPreview(el, answer, data) {
    const box = el.querySelector("[data-tryit-preview]");
    const problem = el.querySelector("[data-tryit-parse-error]");
    untypeset(box);
    box.replaceChildren(...(data.lines || []).map((line) => {
      const row = document.createElement("div");
      row.className = "w2v-tryit-preview-line";
      const num = document.createElement("span");
      num.className = "w2v-tryit-preview-num";
      num.textContent = String(line.line);
      const tex = math(line.latex);
      tex.classList.add("w2v-tryit-preview-math");
      row.append(num, tex);
      return row;
    }));
    box.dataset.tryitPreviewOf = answer;
    markStale(el, editor(el, "math").value !== answer);
    const err = data.ok ? null : data.error;
    problem.hidden = !err;
    problem.textContent = err ? `Line ${err.line}, column ${err.column}: ${err.message}` : "";
    markLines(editor(el, "math"), err ? [err.line] : []);
    return typeset(box).then(() => {
      el.dataset.tryitPreviews = String(Number(el.dataset.tryitPreviews || 0) + 1);
    });
  }

  function resultOf(el) {
    const select = el.querySelector("[data-tryit-result]");
    if (select) return select.value || null;
    const data = mathData(el);
    return data ? data.result ?? null : null;
  }

  function mathData(el) {
    const script = el.querySelector("script[data-tryit-math-data]");
    return script ? JSON.parse(script.textContent) : null;
  }

  // --- Run --------------------------------------------------------------------------------------

  function run(el) {
    if (busy(el)) return;
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
    booting.delete(el);
    el.dataset.tryitWorker ||= "loading";
    const m = mode(el);
    const area = editor(el, m);
    const id = ++seq;
    const clicked = performance.now();
    let timer = null;
    const starting = cold ? "Loading Python… 0/4" : workerReady ? "Starting…" : "Loading Python…";
    setState(el, "loading", starting);
    waiting.set(id, {
      progress(msg) {
        setState(el, "loading", `Loading Python… ${msg.step}/${msg.of}: ${msg.text}`);
      },
      running() {
        setState(el, "running", m === "math" ? "Checking your math…" : "Running your code…");
        el.dataset.tryitLoadMs = String(Math.round(performance.now() - clicked));
        timer = setTimeout(() => {
          waiting.delete(id);
          stopWorker();
          show(el, "Report of your attempt:",
               `✗ Stopped after ${RUN_LIMIT_MS / 1000} s: your ${m === "math" ? "math" : "code"} was ` +
               "still running (an endless loop?).\n\nPython was stopped to free the page. The next Run " +
               "starts it again, which takes a few seconds." +
               (m === "code" ? " Look for a loop whose condition never becomes false." : ""), "", "stopped");
          setState(el, "stopped", `Stopped after ${RUN_LIMIT_MS / 1000} s. Python restarts on the next Run.`);
        }, RUN_LIMIT_MS);
      },
      done(msg) {
        clearTimeout(timer);
        el.dataset.tryitWorker = worker ? "ready" : "";
        if (msg.type === "crashed") {
          show(el, "Report of your attempt:",
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
        if (m === "math") {
          show(el, "Report of your math, checked in your browser:", msg.report, "", msg.status, msg.math);
          const d = msg.math || {};
          markLines(area, [d.first_wrong_line ?? d.parse_error?.line]);
          if (el.dataset.tryitPreviewStale === "1") requestPreview(el);
        } else {
          show(el, "Report of your code, checked in your browser:", msg.report, msg.printed, msg.status);
          markLines(area, msg.status === "syntax" || msg.status === "error" ? reportLines(msg.report) : []);
        }
        setState(el, "done", `${VERDICT[msg.status] || ""} Checked in ${(msg.ms / 1000).toFixed(2)} s.`);
      },
    });
    const message = m === "math"
      ? { id, kind: "math", answer: area.value, result: resultOf(el), math: true }
      : { id, kind: "code", code: area.value, call: el.dataset.tryitCall, math: hasMath(el) };
    worker.postMessage(message);
  }

  // --- keys -------------------------------------------------------------------------------------

  // Tab indents, Shift+Tab dedents, Enter keeps the indentation (one more after a colon in code),
  // Home goes to the first non-blank character (again: to the line's start), Esc lets the next Tab
  // leave the editor, Ctrl/Cmd+Enter runs.
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

  function smartHome(area, extend) {
    const v = area.value;
    const caret = area.selectionDirection === "backward" ? area.selectionStart : area.selectionEnd;
    const start = v.lastIndexOf("\n", caret - 1) + 1;
    const first = start + v.slice(start).match(/^[ \t]*/)[0].length;
    const target = caret === first ? start : first;
    if (!extend) {
      area.setSelectionRange(target, target);
      return;
    }
    const anchor = area.selectionDirection === "backward" ? area.selectionEnd : area.selectionStart;
    if (target <= anchor) area.setSelectionRange(target, anchor, "backward");
    else area.setSelectionRange(anchor, target, "forward");
  }

  function onKey(event, el, m) {
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
    } else if (event.key === "Home" && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      smartHome(area, event.shiftKey);
    } else if (event.key === "Tab") {
      event.preventDefault();
      const multi = area.value.slice(area.selectionStart, area.selectionEnd).includes("\n");
      if (event.shiftKey || multi) reindent(area, event.shiftKey);
      else insert(area, INDENT);
    } else if (event.key === "Enter" && !event.shiftKey && !event.altKey) {
      event.preventDefault();
      const before = area.value.slice(0, area.selectionStart);
      const line = before.slice(before.lastIndexOf("\n") + 1);
      const more = m === "code" && /:\s*(#.*)?$/.test(line) ? INDENT : "";
      insert(area, "\n" + line.match(/^ */)[0] + more);
    }
  }

  // --- modes ------------------------------------------------------------------------------------

  function setMode(el, m, { focus = false } = {}) {
    if (m !== "code" && m !== "math") throw new Error(`setMode: "code" or "math", not ${m}`);
    if (m === "math" && !hasMath(el)) throw new Error("setMode: this block has no Math mode");
    if (busy(el) && m !== mode(el)) return;
    if (m !== mode(el)) {
      stash(el, mode(el));
      unstash(el, m);
    }
    applyMode(el, m);
    if (focus) el.querySelector(`[data-tryit-tab="${m}"]`).focus();
    if (!hasMath(el)) return;
    store(el, "mode", m, "code");
    warm(el);
    if (m === "math") schedulePreview(el, 0);
  }

  // Tabs, panels and the report of mode m shown (the caller has swapped the reports).
  function applyMode(el, m) {
    el.dataset.tryitMode = m;
    for (const tab of el.querySelectorAll("[data-tryit-tab]")) {
      const on = tab.dataset.tryitTab === m;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
    }
    for (const panel of el.querySelectorAll("[data-tryit-panel]")) {
      panel.hidden = panel.dataset.tryitPanel !== m;
    }
    fit(editor(el, m));
  }

  function initTabs(el) {
    const tabs = [...el.querySelectorAll("[data-tryit-tab]")];
    for (const tab of tabs) {
      tab.addEventListener("click", () => setMode(el, tab.dataset.tryitTab));
      tab.addEventListener("keydown", (event) => {
        const at = tabs.indexOf(tab);
        const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
        if (to === undefined) return;
        event.preventDefault();
        setMode(el, tabs[(to + tabs.length) % tabs.length].dataset.tryitTab, { focus: true });
      });
    }
  }

  // --- set-up -----------------------------------------------------------------------------------

  function initEditor(el, m) {
    const area = editor(el, m);
    const stored = load(el, m);
    const back = stored !== null && stored !== shipped(el, m);
    if (back) area.value = stored;
    let pending = null;
    area.addEventListener("input", () => {
      fit(area);
      if (area.dataset.wrongLines) markLines(area, []);
      clearTimeout(pending);
      pending = setTimeout(() => store(el, m, area.value, shipped(el, m)), 300);
      if (m === "math") schedulePreview(el);
    });
    area.addEventListener("keydown", (event) => onKey(event, el, m));
    area.addEventListener("focus", () => warm(el));
    area.addEventListener("scroll", () => {
      const gutter = area.parentElement.querySelector("[data-tryit-gutter]");
      gutter.scrollTop = area.scrollTop;
    });
    return back;
  }

  function init(el) {
    const out = el.querySelector("[data-tryit-output]");
    const shippedReport = out.querySelector("[data-tryit-text]");
    out.replaceChildren();
    appendText(out, shippedReport ? shippedReport.textContent : "");
    let back = initEditor(el, "code");
    if (hasMath(el)) {
      back = initEditor(el, "math") || back;
      // The Math tab's report starts as the notebook's output of the check_math cell.
      el.dataset.tryitMode = "code";
      stash(el, "code");
      const report = el.querySelector("template[data-tryit-math-report]").content.textContent;
      show(el, el.querySelector("[data-tryit-caption]").textContent, report, "", "wrong", mathData(el));
      stash(el, "math");
      delete el.dataset.tryitRuns;
      // Back in the mode of the last visit; Python waits until the reader acts.
      const first = load(el, "mode") === "math" ? "math" : "code";
      unstash(el, first);
      applyMode(el, first);
      initTabs(el);
      const select = el.querySelector("[data-tryit-result]");
      if (select) {
        select.addEventListener("change", () => {
          warm(el);
          requestPreview(el);
        });
      }
      schedulePreview(el);
    }
    for (const area of el.querySelectorAll("textarea")) fit(area);
    // Lines wrap anew when the editor's width changes (the window, the sidebar, a scrollbar, a
    // hidden tab shown) or when a font arrives: each time the numbers are measured again.
    const widths = new WeakMap();
    const watch = new ResizeObserver((entries) => {
      for (const { target } of entries) {
        if (widths.get(target) === target.clientWidth) continue;
        widths.set(target, target.clientWidth);
        fit(target);
      }
    });
    el.querySelectorAll("textarea").forEach((area) => watch.observe(area));
    document.fonts?.ready.then(() => el.querySelectorAll("textarea").forEach(fit));
    setState(el, "idle",
             back ? "Your work from your last visit is back. Reset brings back the shipped attempt." : "");
    el.querySelector("[data-tryit-run]").addEventListener("click", () => run(el));
    el.querySelector("[data-tryit-reset]").addEventListener("click", () => {
      if (busy(el)) return;
      setText(el, mode(el), shipped(el, mode(el)));
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

  window.w2vTryit = {
    getCode: (el) => editor(el, "code").value,
    setCode: (el, code) => setText(el, "code", code),
    getMath: (el) => editor(el, "math").value,
    setMath: (el, text) => setText(el, "math", text),
    setMode: (el, m) => setMode(el, m),
    run,
  };
  const start = () => document.querySelectorAll("[data-tryit]").forEach(init);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
