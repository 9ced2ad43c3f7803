// Loaded right before require.js and the ipywidgets HTML manager (embed-amd.js).
// It makes the manager work from the built site, with no CDN and no errors.
(function () {
  "use strict";

  // 1. Fonts. The manager's bundles load Font Awesome from webpack's public
  // path, which each derives from the URL RequireJS gives its AMD module
  // ("@jupyter-widgets/controls", "@jupyter-widgets/html-manager/dist/...").
  // By default those URLs are relative to the page (book/@jupyter-widgets/...),
  // where nothing is: a 404 for every font. RequireJS reads a global `require`
  // object as its configuration when it loads; mapping these module folders to
  // vendor/html-manager/ (found from this script's own URL, so right for a
  // page at any depth) makes the fonts load from where fetch.py put them.
  var here = document.currentScript && document.currentScript.src;
  if (here && typeof window.require === "undefined") {
    var fonts = new URL("../html-manager", here).href;
    window.require = {
      paths: {
        "@jupyter-widgets": fonts,
        "@jupyter-widgets/html-manager/dist": fonts,
      },
    };
  }

  // 2. Math in widget labels. The manager typesets them with the MathJax 2 call
  // MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]). The book loads
  // MathJax 3, which has no Hub, so that call would throw and stop the widgets
  // from rendering. This adds a Hub whose Queue does the MathJax 3 equivalent.
  // Labels are plain text written as in JupyterLab ("$\eta$"), while the
  // book's MathJax, like Sphinx's, knows only \( \) for inline math (a bare
  // $ in prose must stay a dollar), so $...$ in a label is rewritten first.
  // The Hub is installed at DOMContentLoaded, after MathJax 3 (a deferred
  // script) has replaced its configuration object, and before the widgets
  // render.
  function texDelimiters(text) {
    return text
      .replace(/\$\$([^$]+)\$\$/g, "\\[$1\\]")
      .replace(/(^|[^\\])\$([^$]+)\$/g, "$1\\($2\\)");
  }
  var hub = {
    Queue: function (job) {
      var mj = window.MathJax;
      var element = job && job[2];
      if (!mj || !mj.startup || !mj.startup.promise || !element) {
        return;
      }
      if (element.children.length === 0 && element.textContent.indexOf("$") !== -1) {
        element.textContent = texDelimiters(element.textContent);
      }
      mj.startup.promise
        .then(function () {
          return mj.typesetPromise([element]);
        })
        .catch(function (err) {
          console.warn("MathJax could not typeset a widget label", err);
        });
    },
  };
  // 3. A warning printed twice on every page with widgets. The manager bundles
  // two copies of the JSON-schema validator Ajv, and each compiles the
  // widget-state schema at load in strict mode, which warns ("strict mode: use
  // allowUnionTypes ...") about a union type that is the schema's own and
  // valid. Only that warning about that schema is dropped, once per copy (one
  // warns as the page loads, the other when the first widget renders); then
  // console.warn is itself again.
  var warn = console.warn;
  var known = /^strict mode: use allowUnionTypes to allow union type keyword at "#\/properties\/state\//;
  var copies = 2;
  console.warn = function (first) {
    if (typeof first === "string" && known.test(first)) {
      copies -= 1;
      if (copies === 0) {
        console.warn = warn;
      }
      return;
    }
    return warn.apply(console, arguments);
  };

  function install() {
    if (window.MathJax && !window.MathJax.Hub) {
      window.MathJax.Hub = hub;
    }
  }
  document.addEventListener("DOMContentLoaded", install);
})();
