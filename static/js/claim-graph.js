/* The claim page's drawing of the claim graph around one claim (Cytoscape.js, vendored).
   Data: the JSON in #claim-graph-data ({nodes, edges} from claims/graph.py, each node with its url).
   Clicking a claim opens its page. Without JavaScript the page shows the same relations as a list. */
(function () {
  "use strict";
  var container = document.getElementById("claim-graph");
  var source = document.getElementById("claim-graph-data");
  if (!container || !source || typeof window.cytoscape !== "function") {
    return;
  }
  var graph = JSON.parse(source.textContent);

  function shorten(text, limit) {
    return text.length <= limit ? text : text.slice(0, limit - 1).replace(/\s+\S*$/, "") + "…";
  }

  var elements = [];
  graph.nodes.forEach(function (node) {
    elements.push({
      group: "nodes",
      data: {
        id: "claim-" + node.id,
        label: shorten(node.text, 70),
        text: node.text,
        url: node.url,
        weight: node.n_asserting + node.n_denying,
        n_asserting: node.n_asserting,
        n_denying: node.n_denying,
      },
      classes: node.is_root ? "root" : "",
    });
  });
  graph.edges.forEach(function (edge) {
    elements.push({
      group: "edges",
      data: { id: "relation-" + edge.id, source: "claim-" + edge.source, target: "claim-" + edge.target, kind: edge.kind },
      classes: edge.kind,
    });
  });

  container.classList.add("is-live");
  var cy = window.cytoscape({
    container: container,
    elements: elements,
    minZoom: 0.3,
    maxZoom: 2.5,
    style: [
      {
        selector: "node",
        style: {
          shape: "round-rectangle",
          "background-color": "#eef2f7",
          "border-color": "#8a96a3",
          "border-width": 1,
          label: "data(label)",
          "text-wrap": "wrap",
          "text-max-width": 150,
          "text-valign": "center",
          "font-size": 11,
          color: "#1b1f24",
          width: 170,
          height: 46,
          padding: 6,
        },
      },
      { selector: "node.root", style: { "background-color": "#1d3557", color: "#fff", "border-width": 0, "font-weight": "bold" } },
      { selector: "node:active, node.hover", style: { "border-color": "#1d4ed8", "border-width": 3 } },
      {
        selector: "edge",
        style: {
          width: 2,
          "curve-style": "bezier",
          "target-arrow-shape": "triangle",
          "line-color": "#6b7280",
          "target-arrow-color": "#6b7280",
          label: "data(kind)",
          "font-size": 9,
          color: "#4b5563",
          "text-background-color": "#fff",
          "text-background-opacity": 1,
          "text-rotation": "autorotate",
        },
      },
      { selector: "edge.supports", style: { "line-color": "#15803d", "target-arrow-color": "#15803d" } },
      {
        selector: "edge.counters",
        style: { "line-color": "#b91c1c", "target-arrow-color": "#b91c1c", "line-style": "dashed", "target-arrow-shape": "tee" },
      },
      { selector: "edge.responds_to", style: { "line-style": "dotted", label: "responds to" } },
    ],
    layout: {
      name: "breadthfirst",
      roots: cy_root(),
      directed: false,
      spacingFactor: 1.05,
      padding: 20,
      animate: false,
    },
  });

  function cy_root() {
    var root = graph.nodes.filter(function (node) { return node.is_root; })[0];
    return root ? ["claim-" + root.id] : undefined;
  }

  cy.on("tap", "node", function (event) {
    var url = event.target.data("url");
    if (url && !event.target.hasClass("root")) {
      window.location.href = url;
    }
  });
  cy.on("mouseover", "node", function (event) {
    event.target.addClass("hover");
    var node = event.target;
    container.title = node.data("text") + " — " + node.data("n_asserting") + " for, " + node.data("n_denying") + " against";
    container.style.cursor = node.hasClass("root") ? "default" : "pointer";
  });
  cy.on("mouseout", "node", function (event) {
    event.target.removeClass("hover");
    container.title = "";
    container.style.cursor = "";
  });
  window.infkbClaimGraph = cy; // for the browser tests and the curious
})();
