// The book's own script, loaded on every page (_config.yml, html_js_files):
// accessibility where the theme and the widgets leave gaps. axe-core checks
// every page in light and dark mode (tests/browser/test_accessibility.py).
(function () {
  "use strict";

  // Colour mode. A first visit follows the system's setting (_config.yml:
  // default_mode auto); the theme resolves "auto" only when its deferred script
  // runs, so a dark system would first see a flash of the light page. This
  // script runs in the page's head, before the first paint.
  var prefersDark = window.matchMedia("(prefers-color-scheme: dark)");
  var root = document.documentElement;
  if (root.dataset.theme !== "light" && root.dataset.theme !== "dark") {
    root.dataset.theme = prefersDark.matches ? "dark" : "light";
  }

  // The frame sliders (w2vlib.sliders.frame_slider): noUiSlider gives each
  // handle role="slider" but no name, and an aria-valuetext that is the frame
  // index. The name becomes what the slider varies (its description) and the
  // value text the readout the reader sees ("η = 1.50"). This runs again
  // whenever a slider renders or moves, since noUiSlider rewrites its
  // attributes on every move.
  function nameSliders() {
    document.querySelectorAll(".widget-slider").forEach(function (box) {
      var handle = box.querySelector('[role="slider"]');
      if (!handle) {
        return;
      }
      var label = box.querySelector(".widget-label");
      var readout = box.querySelector(".widget-readout");
      var name = (label && label.textContent.trim()) || "figure";
      var value = readout && readout.textContent.trim();
      if (handle.getAttribute("aria-label") !== name) {
        handle.setAttribute("aria-label", name);
      }
      if (value && handle.getAttribute("aria-valuetext") !== value) {
        handle.setAttribute("aria-valuetext", value);
      }
    });
  }

  // The theme's controls whose accessible name hides their visible text
  // (WCAG 2.5.3, label in name): the search field says "Search Ctrl+K" but is
  // named "Search"; the colour-mode icons carry titles ("Light") that are not
  // in the button's name "Color mode"; the "Show code cell source" toggles are
  // named "Toggle hidden content". The visible text becomes the name, and the
  // icons, which say nothing the name does not, are hidden from assistive
  // technology. The primary sidebar's title and search sit outside any
  // landmark, so the sidebar becomes a named region.
  function fixTheme() {
    document.querySelectorAll(".search-button-field").forEach(function (button) {
      var text = button.textContent.replace(/\s+/g, " ").replace(/\s*\+\s*/g, "+").trim();
      if (button.getAttribute("aria-label") !== text) {
        button.setAttribute("aria-label", text);
      }
    });
    // Font Awesome may already have replaced each <i> by an <svg> with a <title>.
    document.querySelectorAll(".theme-switch-button").forEach(function (button) {
      button.querySelectorAll("i, svg").forEach(function (icon) {
        if (icon.getAttribute("aria-hidden") !== "true") {
          icon.setAttribute("aria-hidden", "true");
        }
        ["title", "aria-labelledby", "role"].forEach(function (name) {
          if (icon.hasAttribute(name)) {
            icon.removeAttribute(name);
          }
        });
        icon.querySelectorAll("title").forEach(function (title) {
          title.remove();
        });
      });
    });
    document.querySelectorAll('details > summary[aria-label="Toggle hidden content"]').forEach(function (summary) {
      summary.removeAttribute("aria-label");
    });
    var sidebar = document.getElementById("pst-primary-sidebar");
    if (sidebar && !sidebar.hasAttribute("role")) {
      sidebar.setAttribute("role", "region");
      sidebar.setAttribute("aria-label", "Book contents and search");
    }
  }

  // The theme button. The theme cycles light → auto → dark, and on a light
  // system its first click ("auto") changes nothing on screen; its name and
  // tooltip always say "Color mode". Like most sites' toggles, it switches
  // between the two themes the reader can see, and says which one a click
  // goes to ("Switch to dark mode"); the icon shows the theme in use
  // (book.css). A choice is kept (localStorage, as the theme does); until
  // then the page follows the system, also when the system's setting changes.
  function themeLabel() {
    return root.dataset.theme === "dark" ? "Switch to light mode" : "Switch to dark mode";
  }
  function labelThemeButtons() {
    var label = themeLabel();
    document.querySelectorAll(".theme-switch-button").forEach(function (button) {
      if (button.getAttribute("aria-label") !== label) {
        button.setAttribute("aria-label", label);
        button.setAttribute("data-bs-title", label);
      }
      // Bootstrap's tooltip keeps the text it read at page load; an open one is relabelled
      var tipId = button.getAttribute("aria-describedby");
      var inner = tipId && document.querySelector("#" + CSS.escape(tipId) + " .tooltip-inner");
      if (inner && inner.textContent !== label) {
        inner.textContent = label;
      }
    });
  }
  function setTheme(theme) {
    root.dataset.mode = theme;
    root.dataset.theme = theme;
    try {
      localStorage.setItem("mode", theme);
      localStorage.setItem("theme", theme);
    } catch (err) {
      // storage may be off (private windows): the choice then lasts for this page only
    }
    document.querySelectorAll(".dropdown-menu").forEach(function (menu) {
      menu.classList.toggle("dropdown-menu-dark", theme === "dark");
    });
    labelThemeButtons();
  }
  function chosenTheme() {
    try {
      var mode = localStorage.getItem("mode");
      return mode === "light" || mode === "dark" ? mode : null;
    } catch (err) {
      return null;
    }
  }
  // In the capture phase, before the theme's own handler on the button, which never runs.
  document.addEventListener(
    "click",
    function (event) {
      var button = event.target.closest && event.target.closest(".theme-switch-button");
      if (!button) {
        return;
      }
      event.stopPropagation();
      event.preventDefault();
      setTheme(root.dataset.theme === "dark" ? "light" : "dark");
    },
    true
  );
  prefersDark.addEventListener("change", function () {
    // after the theme's own listener, which follows the system even after a choice
    setTimeout(function () {
      var chosen = chosenTheme();
      if (chosen) {
        setTheme(chosen);
      } else {
        root.dataset.theme = prefersDark.matches ? "dark" : "light";
        labelThemeButtons();
      }
    }, 0);
  });

  // The slider readout ("η = 1.50") is editable text in ipywidgets: typing into
  // it changed neither the slider nor the figure, and the typed text became the
  // handle's value text. It is made plain text, out of the Tab order; the
  // handle says the same (aria-valuetext).
  function readOnlyReadouts() {
    document.querySelectorAll(".widget-slider .widget-readout").forEach(function (readout) {
      if (readout.getAttribute("contenteditable") !== "false") {
        readout.setAttribute("contenteditable", "false");
      }
      if (readout.hasAttribute("tabindex")) {
        readout.removeAttribute("tabindex");
      }
    });
  }

  // Formulas are out of the Tab order (_config.yml, MathJax's inTabOrder
  // setting): 54-71 % of a chapter's Tab stops were formulas. A reader who
  // turns on MathJax's explorer (right-click a formula: Accessibility) needs
  // them focusable, so turning it on ticks "Include in Tab Order" too. MathJax
  // 3.2.2's menu cannot turn that setting on once the page has started with it
  // off (its store checks the old state before setting the new one), which is
  // mended here.
  function explorerPutsMathInTabOrder() {
    var menu = window.MathJax && MathJax.startup && MathJax.startup.document && MathJax.startup.document.menu;
    var store = menu && menu.menu && menu.menu.store;
    if (!store || menu.w2vTabOrder) {
      return;
    }
    menu.w2vTabOrder = true;
    var inTaborder = store.inTaborder;
    store.inTaborder = function (on) {
      var was = this.taborder;
      inTaborder.call(this, on);
      if (on && !was) {
        this.insertTaborder_();
      }
    };
    // Turning the explorer on re-renders every formula once the speech rules
    // have loaded. MathJax signals "not yet" by throwing a retry error, which
    // the menu's re-render does not catch: every formula vanished. Retried
    // the way MathJax's own typesetPromise does.
    var rerender = menu.rerender;
    var retries = MathJax._ && MathJax._.mathjax && MathJax._.mathjax.mathjax;
    if (retries && retries.handleRetriesFor) {
      menu.rerender = function () {
        var self = this;
        var args = arguments;
        return retries.handleRetriesFor(function () {
          rerender.apply(self, args);
        }).catch(function (err) {
          console.error("MathJax could not re-render the formulas", err);
        });
      };
    }
    var setExplorer = menu.setExplorer;
    menu.setExplorer = function (on) {
      setExplorer.call(this, on);
      if (on && !this.settings.inTabOrder) {
        this.menu.pool.lookup("inTabOrder").setValue(true);
      }
    };
  }

  // Display equations wider than the column (on a phone most are) scroll
  // sideways, as the equations of most online books do; MathJax 3 does not
  // break lines. A scroll bar alone is invisible on a phone, so the edge where
  // more of the equation is hidden fades out (book.css: .w2v-scrolls), and the
  // fade moves to the other side as the reader scrolls.
  function markScrollingMath() {
    document.querySelectorAll('mjx-container[display="true"]').forEach(function (math) {
      var wide = math.scrollWidth > math.clientWidth + 1;
      math.classList.toggle("w2v-scrolls", wide);
      scrollerTabStop(math, wide);
      if (wide && !math.w2vScrollWatched) {
        math.w2vScrollWatched = true;
        math.addEventListener("scroll", function () {
          edges(math);
        }, { passive: true });
      }
      edges(math);
    });
  }
  // A formula that scrolls is a Tab stop, so that the keyboard can scroll it
  // (WCAG 2.1.1; axe: scrollable-region-focusable); the others are not.
  function scrollerTabStop(math, scrolls) {
    if (scrolls && !math.hasAttribute("tabindex")) {
      math.setAttribute("tabindex", "0");
      math.setAttribute("data-w2v-tabstop", "");
    } else if (!scrolls && math.hasAttribute("data-w2v-tabstop")) {
      math.removeAttribute("tabindex");
      math.removeAttribute("data-w2v-tabstop");
    }
  }
  // The try-it blocks (tryit.js) typeset their math after the page has loaded; their boxes
  // follow the same rule.
  window.w2vScrollerTabStop = scrollerTabStop;
  function edges(math) {
    var wide = math.classList.contains("w2v-scrolls");
    math.classList.toggle("w2v-more-left", wide && math.scrollLeft > 1);
    math.classList.toggle("w2v-more-right", wide && math.scrollLeft + math.clientWidth < math.scrollWidth - 1);
  }

  // A table wider than the column on a phone (the intro's chapter table, the
  // results page) becomes a list of rows, each cell under its column's name
  // (book.css: table.w2v-stack), instead of a box cut off mid-word. The cells
  // keep their table roles for screen readers, which drop them once CSS
  // changes the display of table elements.
  var PHONE = window.matchMedia("(max-width: 600px)");
  function stackWideTables() {
    document.querySelectorAll(".bd-article table").forEach(function (table) {
      var heads = table.querySelectorAll("thead th");
      if (!heads.length) {
        return;
      }
      if (!table.w2vLabelled) {
        table.w2vLabelled = true;
        table.setAttribute("role", "table");
        table.querySelectorAll("thead, tbody").forEach(function (group) {
          group.setAttribute("role", "rowgroup");
        });
        table.querySelectorAll("tr").forEach(function (row) {
          row.setAttribute("role", "row");
        });
        heads.forEach(function (th) {
          th.setAttribute("role", "columnheader");
        });
        table.querySelectorAll("tbody tr").forEach(function (row) {
          Array.prototype.forEach.call(row.children, function (cell, i) {
            cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
            if (heads[i]) {
              cell.setAttribute("data-label", heads[i].textContent.trim());
            }
          });
        });
      }
      table.classList.remove("w2v-stack");
      var box = table.parentElement;
      if (PHONE.matches && box && table.scrollWidth > box.clientWidth + 1) {
        table.classList.add("w2v-stack");
      }
    });
  }

  // A figure on a phone is shrunk to about half its size, and its labels to
  // about 6 px: sharp (2× pixels) when pinched, but hard to read at a glance.
  // A tap on a figure shows it at its full size (labels of 11 px and more) in
  // a box that scrolls sideways; a second tap fits it to the screen again.
  // For a slider every frame is enlarged together, so the slider can be moved
  // while the figure stays enlarged. Like Wikipedia's tap-to-enlarge, but in
  // place, so the slider stays at hand.
  function figureZoom(event) {
    var img = event.target;
    if (!PHONE.matches || !img || img.tagName !== "IMG" || !img.hasAttribute("width")) {
      return;
    }
    var output = img.closest(".cell_output");
    if (!output) {
      return;
    }
    // without max-width (book.css), an <img> takes the size of its width attribute
    if (output.classList.toggle("w2v-zoom")) {
      img.scrollIntoView({ block: "nearest" });
    }
  }

  // Inline math cannot break across lines (MathJax 3 does not break lines),
  // so on a phone a long inline formula runs past the right edge and is cut
  // off. Each one wider than its line becomes a box of its own that scrolls
  // sideways (CSS: mjx-container.w2v-wide-math), measured again on resize.
  function markWideMath() {
    document.querySelectorAll('mjx-container:not([display="true"])').forEach(function (math) {
      var block = math.parentElement && math.parentElement.closest("p, li, dd, dt, td, th, div, section");
      if (!block) {
        return;
      }
      math.classList.remove("w2v-wide-math");
      var wide = math.getBoundingClientRect().width > block.clientWidth;
      if (wide) {
        math.classList.add("w2v-wide-math");
      }
      scrollerTabStop(math, wide);
    });
  }
  function layoutMath() {
    stackWideTables(); // first: a stacked table gives its formulas the whole width
    markWideMath();
    markScrollingMath();
  }
  function watchMath() {
    var mj = window.MathJax;
    if (!mj || !mj.startup || !mj.startup.promise) {
      return;
    }
    var timer = null;
    function later() {
      clearTimeout(timer);
      timer = setTimeout(layoutMath, 150);
    }
    mj.startup.promise.then(function () {
      layoutMath();
      explorerPutsMathInTabOrder();
      // Formulas in a closed answer, solution or code toggle have no width
      // until it opens; they are measured again when their size changes.
      if (window.ResizeObserver) {
        var sizes = new ResizeObserver(later);
        document.querySelectorAll("mjx-container").forEach(function (math) {
          sizes.observe(math);
        });
      }
    });
    window.addEventListener("resize", later);
  }

  function start() {
    fixTheme();
    labelThemeButtons();
    readOnlyReadouts();
    nameSliders();
    stackWideTables();
    watchMath();
    document.addEventListener("click", figureZoom);
    var pending = false;
    new MutationObserver(function () {
      if (!pending) {
        pending = true;
        // after noUiSlider and the readout have both updated for this move
        window.requestAnimationFrame(function () {
          pending = false;
          readOnlyReadouts();
          nameSliders();
          fixTheme(); // Font Awesome swaps its icons in late
          labelThemeButtons(); // and Bootstrap adds a tooltip when one is shown
        });
      }
    }).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ["aria-valuetext", "aria-valuenow", "contenteditable", "aria-describedby"],
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
