// The book's own script, loaded on every page (_config.yml, html_js_files):
// accessibility where the theme and the widgets leave gaps. axe-core checks
// every page in light and dark mode (tests/browser/test_accessibility.py).
(function () {
  "use strict";

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
      if (math.getBoundingClientRect().width > block.clientWidth) {
        math.classList.add("w2v-wide-math");
      }
    });
  }
  function watchMath() {
    var mj = window.MathJax;
    if (!mj || !mj.startup || !mj.startup.promise) {
      return;
    }
    mj.startup.promise.then(markWideMath);
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(markWideMath, 150);
    });
  }

  function start() {
    fixTheme();
    nameSliders();
    watchMath();
    var pending = false;
    new MutationObserver(function () {
      if (!pending) {
        pending = true;
        // after noUiSlider and the readout have both updated for this move
        window.requestAnimationFrame(function () {
          pending = false;
          nameSliders();
          fixTheme(); // Font Awesome swaps its icons in late
        });
      }
    }).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ["aria-valuetext", "aria-valuenow"],
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
