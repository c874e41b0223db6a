// "Copy link": without this script it is a plain link to the article (copy it
// as any link); with it, a click puts the address on the clipboard and says so.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-link]").forEach(function (link) {
    if (!navigator.clipboard) {
      return;
    }
    link.setAttribute("role", "button");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var status = link.closest(".share").querySelector(".share__status");
      navigator.clipboard.writeText(link.href).then(function () {
        if (status) {
          status.textContent = link.getAttribute("data-copied");
        }
      });
    });
  });
})();
