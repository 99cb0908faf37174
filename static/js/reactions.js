// Reactions without a page reload: each reaction form under a post is sent to the API instead
// (PUT adds, DELETE takes back), and the counts and pressed states are updated in place.
// Without JavaScript the same forms post to the page and come back to the post.
(function () {
  "use strict";

  function update(bar, answer) {
    var mine = answer.my_reactions || [];
    bar.querySelectorAll("form.reaction-form").forEach(function (form) {
      var button = form.querySelector("button[data-kind]");
      var kind = button.getAttribute("data-kind");
      var pressed = mine.indexOf(kind) !== -1;
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
      button.querySelector(".count").textContent = String(answer.reactions[kind]);
      form.querySelector("input[name=on]").value = pressed ? "0" : "1";
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("reaction-form") || !window.fetch) {
      return;
    }
    event.preventDefault();
    var bar = form.closest(".reactions");
    var kind = form.querySelector("button[data-kind]").getAttribute("data-kind");
    var adding = form.querySelector("input[name=on]").value !== "0";
    var url = "/api/v1/posts/" + bar.getAttribute("data-post") + "/reactions/" + encodeURIComponent(kind);
    var token = form.querySelector("input[name=csrf_token]").value;
    form.querySelector("button").disabled = true;
    fetch(url, {method: adding ? "PUT" : "DELETE", credentials: "same-origin",
                headers: {"X-CSRFToken": token, "Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (answer) {
        form.querySelector("button").disabled = false;
        update(bar, answer);
      })
      .catch(function () {
        form.submit();  // let the page say what went wrong, as it does without JavaScript
      });
  });
}());
