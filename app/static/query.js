// The riskgraph query page: runs SPARQL against /sparql on this same server.
// Every value from a result is inserted with textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";

function cellText(term) {
  if (!term) return "";
  if (term.type === "literal" || term.type === "typed-literal") {
    if (term["xml:lang"]) return term.value + " @" + term["xml:lang"];
    return term.value;
  }
  if (term.type === "bnode") return "_:" + term.value;
  return term.value;
}

function clearResults() {
  for (const id of ["table", "graph", "error"]) $(id).hidden = true;
  $("table").tHead.replaceChildren();
  $("table").tBodies[0].replaceChildren();
  $("graph").textContent = "";
  $("error").textContent = "";
}

function showError(text) {
  $("error").textContent = text;
  $("error").hidden = false;
}

function showBindings(data) {
  const table = $("table");
  const vars = data.head.vars || [];
  const head = document.createElement("tr");
  for (const name of vars) {
    const th = document.createElement("th");
    th.textContent = name;
    head.appendChild(th);
  }
  table.tHead.appendChild(head);
  const body = table.tBodies[0];
  for (const row of data.results.bindings) {
    const tr = document.createElement("tr");
    for (const name of vars) {
      const td = document.createElement("td");
      td.textContent = cellText(row[name]);
      if (row[name] && row[name].datatype) td.title = row[name].datatype;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  table.hidden = false;
  return data.results.bindings.length;
}

async function run() {
  const button = $("run");
  const query = $("query").value;
  clearResults();
  button.disabled = true;
  $("status").textContent = "running…";
  const started = performance.now();
  try {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT },
      body: new URLSearchParams({ query }),
    });
    const ms = Math.round(performance.now() - started);
    const type = response.headers.get("Content-Type") || "";
    const truncated = response.headers.get("X-Riskgraph-Truncated") === "true";
    if (!response.ok) {
      showError("HTTP " + response.status + ": " + (await response.text()));
      $("status").textContent = ms + " ms";
      return;
    }
    let summary;
    if (type.startsWith("application/sparql-results+json")) {
      const data = await response.json();
      if (typeof data.boolean === "boolean") {
        $("graph").textContent = data.boolean ? "true" : "false";
        $("graph").hidden = false;
        summary = "ASK";
      } else {
        summary = showBindings(data) + " rows";
      }
    } else {
      const text = await response.text();
      $("graph").textContent = text;
      $("graph").hidden = false;
      summary = text.split("\n").filter((l) => l.trim()).length + " lines";
    }
    $("status").textContent = summary + " · " + ms + " ms" +
      (truncated ? " · truncated at the row limit" : "");
  } catch (err) {
    showError("the request failed: " + err);
    $("status").textContent = "";
  } finally {
    button.disabled = false;
  }
}

async function loadExamples() {
  const select = $("examples");
  try {
    const response = await fetch("/queries", { headers: { "Accept": "application/json" } });
    if (!response.ok) throw new Error("HTTP " + response.status);
    const queries = await response.json();
    select.replaceChildren();
    const first = document.createElement("option");
    first.value = "";
    first.textContent = queries.length ? "(choose an example)" : "(no named queries)";
    select.appendChild(first);
    queries.forEach((q, index) => {
      const option = document.createElement("option");
      option.value = String(index);
      option.textContent = q.title + (q.params.length ? " [" + q.params.join(", ") + "]" : "");
      select.appendChild(option);
    });
    select.addEventListener("change", () => {
      const q = queries[Number(select.value)];
      if (select.value !== "" && q) $("query").value = q.text;
    });
  } catch (err) {
    select.replaceChildren();
    const option = document.createElement("option");
    option.textContent = "(named queries unavailable: " + err.message + ")";
    select.appendChild(option);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("run").addEventListener("click", run);
  $("query").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
  loadExamples();
});
