// The header's menu on a phone: the "Menu" button (a disclosure: aria-expanded,
// aria-controls) shows and hides the navigation, language and account links. Progressive
// enhancement: without this script the button stays hidden and the menu open; on wider
// screens the stylesheet hides the button and always shows the menu.
(function () {
    "use strict";

    var button = document.querySelector(".site-header .menu-toggle");
    if (!button) {
        return;
    }
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    var header = button.closest(".site-header");
    if (!menu || !header) {
        return;
    }

    function setOpen(open) {
        button.setAttribute("aria-expanded", open ? "true" : "false");
    }

    setOpen(false);
    button.hidden = false;
    header.classList.add("menu-ready");

    button.addEventListener("click", function () {
        setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    // Escape closes the open menu and puts the focus back on its button.
    header.addEventListener("keydown", function (event) {
        if (event.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") {
            return;
        }
        if (event.target === button || menu.contains(event.target)) {
            setOpen(false);
            button.focus();
        }
    });
})();
