// dyad workbench: the little interactivity the server-rendered pages need.
// - document pages: clicking a highlight opens that event's details, and
//   opening an event highlights its words in the article;
// - ACH boards: changing a rating saves it and updates scores in place;
// - ACH board import and the ingest forms: send files and text to the API.
// Write requests carry the CSRF token from <meta name="dyad-csrf">. Text from
// the server is only ever inserted with textContent, never as HTML.
"use strict";

(function () {
  function csrfToken() {
    var meta = document.querySelector('meta[name="dyad-csrf"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function send(method, url, body, contentType) {
    return fetch(url, {
      method: method,
      headers: { "Content-Type": contentType, "X-Dyad-Csrf": csrfToken() },
      body: body,
      credentials: "same-origin",
    }).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try {
          data = text ? JSON.parse(text) : null;
        } catch (e) {
          data = null;
        }
        if (!response.ok) {
          var message = data && data.message ? data.message : "HTTP " + response.status;
          throw new Error(message);
        }
        return data;
      });
    });
  }

  function setStatus(element, text, isError) {
    if (!element) return;
    element.textContent = text;
    element.classList.toggle("error", Boolean(isError));
  }

  // ---- Documents: highlights and event details --------------------------

  function setupDocument() {
    var article = document.getElementById("article");
    if (!article) return;
    var details = Array.prototype.slice.call(document.querySelectorAll("details.event"));
    var byIndex = {};
    details.forEach(function (d) {
      byIndex[d.getAttribute("data-index")] = d;
    });

    function highlight(index) {
      article.querySelectorAll(".hl.active").forEach(function (el) {
        el.classList.remove("active");
      });
      details.forEach(function (d) {
        d.classList.remove("active");
      });
      if (index === null) return;
      article.querySelectorAll(".hl[data-events]").forEach(function (el) {
        var events = el.getAttribute("data-events").split(" ");
        if (events.indexOf(String(index)) >= 0) el.classList.add("active");
      });
      var d = byIndex[String(index)];
      if (d) d.classList.add("active");
    }

    article.addEventListener("click", function (event) {
      var target = event.target.closest(".hl[data-events]");
      if (!target) return;
      var first = target.getAttribute("data-events").split(" ")[0];
      var d = byIndex[first];
      if (!d) return;
      d.open = true;
      highlight(first);
      d.scrollIntoView({ block: "nearest" });
    });

    details.forEach(function (d) {
      d.addEventListener("toggle", function () {
        if (d.open) highlight(d.getAttribute("data-index"));
      });
    });

    function openFromHash() {
      var id = window.location.hash.slice(1);
      if (!id) return;
      var d = document.getElementById(id);
      if (d && d.classList.contains("event")) {
        d.open = true;
        highlight(d.getAttribute("data-index"));
        var first = article.querySelector(".hl.active");
        (first || d).scrollIntoView({ block: "center" });
      }
    }
    window.addEventListener("hashchange", openFromHash);
    openFromHash();
  }

  // ---- ACH: rating edits -------------------------------------------------

  function setupBoard() {
    var matrix = document.getElementById("ach-matrix");
    if (!matrix) return;
    var boardId = matrix.getAttribute("data-board");
    var status = document.getElementById("rating-status");
    var leader = document.getElementById("leader");
    var titles = {};
    matrix.querySelectorAll("th.hypothesis").forEach(function (th) {
      titles[th.getAttribute("data-h")] = th.firstChild ? th.firstChild.textContent : "";
    });

    function apply(scores) {
      scores.hypotheses.forEach(function (h, i) {
        var cells = matrix.querySelectorAll('td.score[data-h="' + i + '"]');
        cells.forEach(function (cell) {
          var field = cell.getAttribute("data-field");
          if (field === "inconsistency") cell.textContent = String(h.inconsistency);
          else if (field === "weighted") cell.textContent = h.weighted_inconsistency.toFixed(2);
          else if (field === "consistency") cell.textContent = String(h.consistency);
          else if (field === "rank") cell.textContent = String(h.rank);
        });
        var th = matrix.querySelector('th.hypothesis[data-h="' + i + '"]');
        if (th) th.classList.toggle("leading", scores.leader === h.id);
      });
      scores.evidence.forEach(function (e, i) {
        var cell = matrix.querySelector('td.diagnosticity[data-e="' + i + '"]');
        if (cell) cell.textContent = e.diagnosticity.toFixed(2);
        var row = matrix.querySelector('tr.evidence[data-e="' + i + '"]');
        if (row) row.classList.toggle("linchpin", scores.linchpins.indexOf(e.id) >= 0);
      });
      if (leader) {
        var index = scores.hypotheses.findIndex(function (h) {
          return h.id === scores.leader;
        });
        leader.setAttribute("data-leader", scores.leader || "");
        if (index >= 0) {
          leader.textContent = "Leader: " + titles[String(index)];
        } else if (scores.tied_for_lead.length > 0) {
          var names = scores.tied_for_lead.map(function (id) {
            var i = scores.hypotheses.findIndex(function (h) {
              return h.id === id;
            });
            return titles[String(i)] || id;
          });
          leader.textContent = "No leader: " + names.join(" and ") + " tie";
        } else {
          leader.textContent = "No hypotheses";
        }
      }
    }

    matrix.addEventListener("change", function (event) {
      var select = event.target.closest("select.rating");
      if (!select) return;
      var previous = select.getAttribute("data-saved") || select.defaultValue;
      select.setAttribute("data-value", select.value);
      var body = JSON.stringify({
        evidence: select.getAttribute("data-evidence"),
        hypothesis: select.getAttribute("data-hypothesis"),
        rating: select.value,
      });
      select.disabled = true;
      setStatus(status, "Saving…", false);
      send("PUT", "/api/boards/" + encodeURIComponent(boardId) + "/ratings", body, "application/json")
        .then(function (answer) {
          select.setAttribute("data-saved", answer.rating);
          apply(answer.scores);
          setStatus(
            status,
            "Saved: " + answer.evidence + " is " + answer.rating + " against " + answer.hypothesis + ".",
            false
          );
        })
        .catch(function (error) {
          select.value = previous;
          select.setAttribute("data-value", previous);
          setStatus(status, "Not saved: " + error.message, true);
        })
        .finally(function () {
          select.disabled = false;
        });
    });
    matrix.querySelectorAll("select.rating").forEach(function (select) {
      select.setAttribute("data-saved", select.value);
    });
  }

  function setupBoardImport() {
    var form = document.getElementById("board-import");
    if (!form) return;
    var status = document.getElementById("board-import-status");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var id = document.getElementById("board-id").value.trim();
      var file = document.getElementById("board-file").files[0];
      if (!id || !file) return;
      setStatus(status, "Importing…", false);
      file
        .text()
        .then(function (text) {
          return send("PUT", "/api/boards/" + encodeURIComponent(id), text, "application/json");
        })
        .then(function (answer) {
          window.location.href = "/ach/" + encodeURIComponent(answer.id);
        })
        .catch(function (error) {
          setStatus(status, "Not imported: " + error.message, true);
        });
    });
  }

  // ---- Ingest ------------------------------------------------------------

  function setupIngest() {
    var status = document.getElementById("ingest-status");
    var result = document.getElementById("ingest-result");
    if (!status || !result) return;

    function show(answer) {
      setStatus(
        status,
        "Stored " + answer.documents + " document(s) with " + answer.events + " event(s).",
        false
      );
      while (result.firstChild) result.removeChild(result.firstChild);
      answer.stored.forEach(function (doc) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = doc.link;
        link.textContent = doc.id;
        item.appendChild(link);
        item.appendChild(document.createTextNode(" — " + doc.events + " event(s)"));
        result.appendChild(item);
      });
    }

    function fail(error) {
      setStatus(status, "Not stored: " + error.message, true);
    }

    var paste = document.getElementById("paste-form");
    if (paste) {
      paste.addEventListener("submit", function (event) {
        event.preventDefault();
        var doc = { text: document.getElementById("paste-text").value };
        var id = document.getElementById("paste-id").value.trim();
        var date = document.getElementById("paste-date").value;
        var source = document.getElementById("paste-source").value.trim();
        if (id) doc.id = id;
        if (date) doc.date = date;
        doc.source = source || "pasted";
        setStatus(status, "Coding…", false);
        send("POST", "/api/ingest", JSON.stringify(doc), "application/json").then(show).catch(fail);
      });
    }

    var upload = document.getElementById("upload-form");
    if (upload) {
      upload.addEventListener("submit", function (event) {
        event.preventDefault();
        var file = document.getElementById("upload-file").files[0];
        if (!file) return;
        setStatus(status, "Coding " + file.name + "…", false);
        file
          .text()
          .then(function (text) {
            return send("POST", "/api/ingest", text, "application/x-ndjson");
          })
          .then(show)
          .catch(fail);
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupDocument();
    setupBoard();
    setupBoardImport();
    setupIngest();
  });
})();
