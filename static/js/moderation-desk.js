/* The moderation queue by keyboard (admin changelist of comments).
 *
 * One comment is current (the first pending one as soon as the page opens).
 * j/k move, a approves, r then 1-7 rejects under the n-th guideline, Enter
 * accepts the pre-screen's suggested rejection, o opens the article, ? shows
 * the help. A decision is POSTed to the row's JSON endpoint, which calls the
 * same moderation.decide() as the buttons; the row leaves the list and the
 * next comment becomes current, with no reload, so filters and order stay.
 * Without this script the per-row buttons do the same with a page load.
 */
(function () {
  "use strict";

  // The admin loads this in <head>: start once the queue is in the page.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  function start() {
    var help = document.getElementById("desk-help");
    var status = document.getElementById("desk-status");
    if (!help || !status) {
      return; // not a moderator, or not the queue
    }
    var categories = (help.getAttribute("data-categories") || "").split(" ");
    var tokenInput = document.querySelector("#changelist-form [name=csrfmiddlewaretoken]");
    var current = null;
    var awaitingClause = false;
    // Decisions are sent one after the other, however fast the keys come: a
    // key pressed while the previous decision is on its way waits its turn.
    var queue = Promise.resolve();
    var unanswered = 0; // decisions pressed whose answer has not come back

    function rows() {
      return Array.prototype.filter.call(
        document.querySelectorAll("#result_list tbody tr"),
        function (row) {
          var text = row.querySelector(".comment-text[data-decide-url]");
          return text && text.getAttribute("data-decide-url") && !row.classList.contains("is-decided");
        }
      );
    }

    function data(row) {
      return row.querySelector(".comment-text[data-decide-url]");
    }

    function say(message, isError) {
      status.textContent = message;
      status.classList.toggle("is-error", !!isError);
    }

    function select(row) {
      if (current) {
        current.classList.remove("is-current");
        current.removeAttribute("aria-current");
      }
      current = row || null;
      if (current) {
        current.classList.add("is-current");
        current.setAttribute("aria-current", "true");
        current.scrollIntoView({ block: "nearest" });
      }
    }

    function move(step) {
      var list = rows();
      if (!list.length) {
        select(null);
        return;
      }
      var index = list.indexOf(current);
      index = index < 0 ? 0 : Math.min(list.length - 1, Math.max(0, index + step));
      select(list[index]);
    }

    function adjustPendingTotal() {
      var total = document.querySelector("[data-pending-total]");
      if (total && /^\d+$/.test(total.textContent.trim())) {
        total.textContent = String(Math.max(0, parseInt(total.textContent, 10) - 1));
      }
    }

    function decide(fields) {
      var row = current;
      if (!row) {
        return;
      }
      var target = data(row);
      if (target.getAttribute("data-status") !== "pending") {
        return; // decided already: the row's status column says how
      }
      var next = rows()[rows().indexOf(row) + 1] || rows()[rows().indexOf(row) - 1];
      row.classList.add("is-decided");
      select(next);
      var body = new URLSearchParams(fields);
      body.set("expected", "pending");
      unanswered += 1;
      queue = queue.then(function () {
        return fetch(target.getAttribute("data-decide-url"), {
          method: "POST",
          credentials: "same-origin",
          headers: {
            "X-CSRFToken": tokenInput ? tokenInput.value : "",
            "Content-Type": "application/x-www-form-urlencoded",
            Accept: "application/json",
          },
          body: body.toString(),
        })
          .then(function (response) {
            return response.json().then(function (answer) {
              return { ok: response.ok, status: response.status, answer: answer };
            });
          })
          .then(function (result) {
            say(result.answer.message, !result.ok);
            if (result.ok || result.status === 409) {
              // Decided, here or by someone else first: it leaves the queue either way.
              row.parentNode.removeChild(row);
              if (result.ok) {
                adjustPendingTotal();
              }
            } else {
              row.classList.remove("is-decided");
              select(row);
            }
          })
          .catch(function () {
            row.classList.remove("is-decided");
            select(row);
            say(help.getAttribute("data-msg-failed"), true);
          })
          .then(function () {
            unanswered -= 1;
            // The next page only once every decision on this one has its
            // answer: a reload earlier would cancel the ones still waiting.
            if (!unanswered && !rows().length) {
              say(help.getAttribute("data-msg-done"));
              window.location.reload();
            }
          });
      });
    }

    function toggleHelp(show) {
      help.hidden = show === undefined ? !help.hidden : !show;
      if (!help.hidden) {
        help.querySelector("[data-close-help]").focus();
      }
    }

    help.addEventListener("click", function (event) {
      if (event.target === help || event.target.hasAttribute("data-close-help")) {
        toggleHelp(false);
      }
    });

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) {
        return;
      }
      var tag = (event.target.tagName || "").toLowerCase();
      if (tag === "input" || tag === "textarea" || tag === "select" || event.target.isContentEditable) {
        return;
      }
      var key = event.key;
      if (!help.hidden) {
        if (key === "Escape" || key === "?") {
          event.preventDefault();
          toggleHelp(false);
        }
        return;
      }
      if (awaitingClause) {
        awaitingClause = false;
        var number = parseInt(key, 10);
        if (number >= 1 && number <= categories.length) {
          event.preventDefault();
          decide({ decision: "reject", reason: categories[number - 1] });
        } else {
          say("");
        }
        return;
      }
      var handled = true;
      if (key === "j") {
        move(1);
      } else if (key === "k") {
        move(-1);
      } else if (key === "a") {
        decide({ decision: "approve" });
      } else if (key === "r") {
        if (current) {
          awaitingClause = true;
          say(help.getAttribute("data-msg-clause"));
        }
      } else if (key === "Enter") {
        var suggested = current && data(current).getAttribute("data-suggested");
        if (suggested && tag !== "button" && tag !== "a") {
          decide({ decision: "reject", reason: suggested });
        } else {
          handled = false;
        }
      } else if (key === "o") {
        if (current) {
          window.open(data(current).getAttribute("data-article-url"), "_blank", "noopener");
        }
      } else if (key === "?") {
        toggleHelp(true);
      } else {
        handled = false;
      }
      if (handled) {
        event.preventDefault();
      }
    });

    // A click on a row makes it current, so the keys follow the mouse too.
    document.addEventListener("click", function (event) {
      var row = event.target.closest && event.target.closest("#result_list tbody tr");
      if (row && rows().indexOf(row) >= 0) {
        select(row);
      }
    });

    move(0);
  }
})();
