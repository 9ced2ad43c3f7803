// The ipywidgets HTML manager typesets widget labels with the MathJax 2 call
// MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]). The book loads
// MathJax 3, which has no Hub, so that call would throw and stop the widgets
// from rendering. This adds a Hub whose Queue does the MathJax 3 equivalent.
// It is installed at DOMContentLoaded, after MathJax 3 (a deferred script)
// has replaced its configuration object, and before the widgets render at load.
(function () {
  "use strict";
  var hub = {
    Queue: function (job) {
      var mj = window.MathJax;
      var element = job && job[2];
      if (!mj || !mj.startup || !mj.startup.promise || !element) {
        return;
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
  function install() {
    if (window.MathJax && !window.MathJax.Hub) {
      window.MathJax.Hub = hub;
    }
  }
  document.addEventListener("DOMContentLoaded", install);
})();
