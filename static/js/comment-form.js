// Article pages are cached and shared by every reader, so they cannot carry
// a per-reader CSRF token. When the comment form is sent, this fetches the
// token for this browser (the response also sets its cookie), then sends.
// Without JavaScript the server answers the tokenless post by showing the
// form again, the reader's text kept, with a token: nothing is lost.
(function () {
  "use strict";
  var form = document.getElementById("comment-form");
  if (!form) {
    return;
  }
  form.addEventListener("submit", function (event) {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!field || field.value) {
      return;
    }
    event.preventDefault();
    var send = function () {
      if (form.requestSubmit) {
        form.requestSubmit();
      } else {
        form.submit();
      }
    };
    fetch(form.getAttribute("data-csrf-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("token request failed: " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        field.value = data.token;
        send();
      })
      .catch(function () {
        // Send anyway: the server keeps the text and asks to send again.
        field.value = "-";
        send();
      });
  });
})();
