// Reactions without a page reload: a reaction button under a post is sent to the API instead of
// submitting the page's form (PUT adds, DELETE takes back), and the counts and pressed states are
// updated in place. Without JavaScript the same buttons post the form and come back to the post.
(function () {
  "use strict";

  function update(bar, answer) {
    var mine = answer.my_reactions || [];
    bar.querySelectorAll("button.reaction[data-kind]").forEach(function (button) {
      var kind = button.getAttribute("data-kind");
      var pressed = mine.indexOf(kind) !== -1;
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
      button.value = pressed ? "0" : "1";
      button.querySelector(".count").textContent = String(answer.reactions[kind]);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.reaction[data-kind]") : null;
    var form = button && document.getElementById(button.getAttribute("form"));
    if (!form || !window.fetch) {
      return;
    }
    event.preventDefault();
    var bar = button.closest(".reactions");
    var kind = button.getAttribute("data-kind");
    var url = "/api/v1/posts/" + bar.getAttribute("data-post") + "/reactions/" + encodeURIComponent(kind);
    var token = form.querySelector("input[name=csrf_token]").value;
    button.disabled = true;
    fetch(url, {method: button.value !== "0" ? "PUT" : "DELETE", credentials: "same-origin",
                headers: {"X-CSRFToken": token, "Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (answer) {
        button.disabled = false;
        update(bar, answer);
      })
      .catch(function () {
        // Let the page say what went wrong, as it does without JavaScript.
        button.disabled = false;
        if (form.requestSubmit) {
          form.requestSubmit(button);
        }
      });
  });
}());
