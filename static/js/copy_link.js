// "Copy link" under each post: puts the post's lasting address (/posts/<id>/) on the
// clipboard and says so in a polite live region. Delegated, so posts that arrive live
// get it too. Without the Clipboard API the address is shown for copying by hand.
(function () {
  "use strict";
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);

  function say(message) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".copy-link") : null;
    if (!button) return;
    var url = new URL(button.getAttribute("data-link"), window.location.href).href;
    var done = function () {
      var label = button.textContent;
      button.textContent = gettext("Link copied");
      say(gettext("The link to the post is copied."));
      window.setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, function () { window.prompt(gettext("Link to this post"), url); });
    } else {
      window.prompt(gettext("Link to this post"), url);
    }
  });
})();
