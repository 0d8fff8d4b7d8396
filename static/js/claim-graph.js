/* The claim page's drawing of the claim graph around one claim (Cytoscape.js and cytoscape-dagre, vendored).
   Data: the JSON in #claim-graph-data ({nodes, edges} from claims/graph.py, each node with its url).
   The layout is layered (dagre): claims sit in ranks and every edge runs between ranks along the
   route dagre computes, so no edge is drawn through a claim it does not join.
   On a narrow screen the drawing is not shrunk to fit (its labels would be unreadable): it opens
   on this claim and its neighbours at a readable size, and the reader drags to see the rest.
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
      data: {
        id: "relation-" + edge.id,
        source: "claim-" + edge.source,
        target: "claim-" + edge.target,
        kind: edge.kind,
        // The kind, and who argued the relation where a statement is cited ("argued by …, 2019-09").
        label: (edge.kind === "responds_to" ? "responds to" : edge.kind) + (edge.argued_by ? "\n" + edge.argued_by : ""),
      },
      classes: edge.kind + (edge.argued_by ? " argued" : ""),
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
          label: "data(label)",
          "text-wrap": "wrap",
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
      { selector: "edge.responds_to", style: { "line-style": "dotted" } },
      // Who argued it, on two level lines: rotated along a steep edge it would be unreadable.
      { selector: "edge.argued", style: { "text-rotation": "none", "text-max-width": 150, "text-background-padding": 2 } },
      // Ranks run left to right: an edge leaves its claim on the right and enters the next on the
      // left, so it never cuts the corner of a claim stacked beside its target.
      { selector: "edge.forward", style: { "source-endpoint": "50% 0%", "target-endpoint": "-50% 0%" } },
    ],
    layout: {
      name: "dagre",
      rankDir: "LR", // ranks side by side: the claims of a rank stack up, as text boxes do best
      nodeSep: 24,
      rankSep: 60,
      edgeSep: 16,
      // Draw each edge along dagre's route between the ranks (the extension's own edge style).
      useDagreEdgeControlPoints: true,
      automaticDagreEdgeStyle: true,
      padding: 20,
      animate: false,
    },
  });

  cy.edges().forEach(function (edge) {
    if (edge.source().position("x") < edge.target().position("x")) {
      edge.addClass("forward");
    }
  });

  // The smallest zoom at which the 11px labels stay readable (about 9px on screen).
  var READABLE_ZOOM = 0.82;
  var root = cy.nodes(".root");
  if (cy.zoom() < READABLE_ZOOM && root.nonempty()) {
    cy.fit(root.closedNeighborhood(), 16);
    cy.zoom({ level: Math.max(cy.zoom(), READABLE_ZOOM), renderedPosition: root.renderedPosition() });
    cy.center(root);
    container.closest(".graph-section").classList.add("is-panned");
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
