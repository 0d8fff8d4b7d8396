// The article page's quote candidates: Accept or Reject without leaving the page, then on to the next one.
// Without this script the same forms post and redirect to the next candidate.
(function () {
  "use strict";

  function messagesOf(errors) {
    return Object.entries(errors || {}).flatMap(([field, list]) =>
      list.map((error) => (field === "__all__" ? error.message : `${field.replace(/^.*-/, "")}: ${error.message}`))
    );
  }

  function showErrors(row, messages) {
    const note = row.querySelector(".candidate-errors");
    note.textContent = messages.join(" ");
    note.hidden = false;
  }

  function settle(row, status, message, statement) {
    row.querySelectorAll("form").forEach((form) => form.remove());
    row.classList.add("decided", `status-${status}`);
    row.dataset.status = status;
    const outcome = document.createElement("p");
    outcome.className = "candidate-outcome";
    outcome.textContent = message + " ";
    if (statement) {
      const link = document.createElement("a");
      link.href = statement.url;
      link.textContent = `statement #${statement.id}`;
      outcome.append(link);
    }
    row.append(outcome);
  }

  function goTo(candidateId) {
    const row = candidateId && document.getElementById(`candidate-${candidateId}`);
    if (!row) return;
    row.scrollIntoView({ block: "start" });
    // The speaker is usually proposed already: the claim is what the editor picks next.
    const field = row.querySelector(".candidate-field:has(select[name$='-claim'])");
    const picker = field && field.querySelector(".select2-selection, select");
    if (picker) picker.focus({ preventScroll: true });
  }

  async function send(form) {
    const row = form.closest("li.candidate");
    const accepting = form.classList.contains("candidate-accept");
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
    } catch (error) {
      showErrors(row, [`Not saved: the server could not be reached (${error.message}).`]);
      return;
    }
    const answer = await response.json().catch(() => null);
    if (!response.ok) {
      const messages = answer ? messagesOf(answer.errors) : [];
      showErrors(row, messages.length ? messages : [`Not saved: the server answered ${response.status}.`]);
      return;
    }
    settle(row, accepting ? "accepted" : "rejected", answer.message, answer.statement);
    goTo(answer.next);
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches(".candidate-accept, .candidate-reject")) return;
    event.preventDefault();
    send(form);
  });
})();
