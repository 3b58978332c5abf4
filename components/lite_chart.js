// A Plotly chart drawn with the vendored partial bundle (components/lite_chart.py). It behaves as Streamlit's
// own chart element does for our figures: the template of Streamlit's theme (light or dark), the bold title,
// the container's width, drag mode "pan" when points are selectable, and selections reported as
// {points, point_indices, box, lasso} under the state "selection".
const EMPTY = () => ({ points: [], point_indices: [], box: [], lasso: [] });
const POINT_KEYS = [
  ["curveNumber", "curve_number"], ["pointNumber", "point_number"], ["pointIndex", "point_index"],
  ["x", "x"], ["y", "y"], ["z", "z"], ["customdata", "customdata"], ["text", "text"],
  ["hovertext", "hovertext"], ["label", "label"], ["value", "value"],
];

function loadPlotly(bundle) {
  // One script tag per browser page, whatever the number of charts and reruns.
  if (!window.__qlPlotly) {
    const entry = document.querySelector('script[type="module"][src*="/static/js/index."]');
    const base = entry ? new URL("../../", entry.src) : new URL("./", window.location.href);
    window.__qlPlotly = new Promise((resolve, reject) => {
      const tag = document.createElement("script");
      tag.src = new URL(bundle, base).href;
      tag.onload = () => resolve(window.Plotly);
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }
  return window.__qlPlotly;
}

function isDark(element) {
  // Streamlit's theme colours are CSS variables on the page; a dark background means its dark theme.
  const colour = getComputedStyle(element).getPropertyValue("--st-background-color").trim();
  const probe = document.createElement("canvas").getContext("2d");
  if (!colour || !probe) return false;
  probe.fillStyle = colour;
  const hex = probe.fillStyle; // normalised to #rrggbb
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return false;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return 0.299 * r + 0.587 * g + 0.114 * b < 128;
}

function selectionOf(event) {
  const out = EMPTY();
  const indices = new Set();
  for (const point of (event && event.points) || []) {
    const copy = {};
    for (const [from, to] of POINT_KEYS) if (point[from] !== undefined) copy[to] = point[from];
    const group = point.data && point.data.legendgroup;
    if (group) copy.legendgroup = group;
    out.points.push(copy);
    if (typeof point.pointIndex === "number") indices.add(point.pointIndex);
  }
  for (const sel of (event && event.selections) || []) {
    if (sel.type === "rect" && "x0" in sel) {
      out.box.push({ xref: sel.xref, yref: sel.yref, x: [sel.x0, sel.x1], y: [sel.y0, sel.y1] });
    } else if (sel.type === "path" && sel.path) {
      const xs = [], ys = [];
      for (const pair of sel.path.replace("M", "").replace("Z", "").split("L")) {
        const [x, y] = pair.split(",").map(Number);
        xs.push(x); ys.push(y);
      }
      out.lasso.push({ xref: sel.xref, yref: sel.yref, x: xs, y: ys });
    }
  }
  out.point_indices = Array.from(indices);
  return out;
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  const gd = parentElement.querySelector(".ql-plot");
  // A rerun that sends the same figure redraws nothing, as Streamlit's element does not.
  const sent = data.figure + data.config + data.modes;
  if (gd.__qlSent === sent) {
    gd.__qlSet = setStateValue;
    return () => {};
  }
  gd.__qlSent = sent;
  const figure = JSON.parse(data.figure);
  const config = Object.assign({ displaylogo: false, showSendToCloud: false }, JSON.parse(data.config));
  const modes = JSON.parse(data.modes);
  const selectable = modes.length > 0;
  const remove = new Set(config.modeBarButtonsToRemove || []);
  if (!modes.includes("lasso")) remove.add("lasso2d");
  if (!modes.includes("box")) remove.add("select2d");
  remove.add("sendChartToCloud");
  config.modeBarButtonsToRemove = Array.from(remove);
  const layout = figure.layout || {};
  layout.template = JSON.parse(data.templates)[isDark(parentElement) ? "dark" : "light"];
  if (layout.title && typeof layout.title.text === "string") layout.title.text = `<b>${layout.title.text}</b>`;
  const points = modes.includes("points");
  if (selectable) {
    layout.hovermode = layout.hovermode || "closest";
    const drag = gd.layout && gd.layout.dragmode; // the analyst's chosen tool survives a rerun
    layout.dragmode = layout.dragmode || drag || (points ? "pan" : modes.includes("box") ? "select" : "lasso");
    layout.clickmode = layout.dragmode === "select" || layout.dragmode === "lasso" ? "event" : points ? "event+select" : "none";
  }
  layout.width = Math.max(parentElement.clientWidth || gd.clientWidth || 0, 150);
  layout.height = layout.height >= 10 ? layout.height : 450;
  gd.__qlSet = setStateValue; // the handlers, wired once, report through the latest mount's setter
  loadPlotly(data.bundle).then((Plotly) => {
    if (gd.__qlSent !== sent) return; // a newer figure arrived while the bundle loaded
    Plotly.react(gd, figure.data || [], layout, config).then(() => {
      if (gd.__qlWired) return;
      gd.__qlWired = true;
      gd.on("plotly_selected", (event) => {
        if (!event) return;
        const selection = selectionOf(event);
        if ((selection.box.length && !gd.__qlModes.includes("box")) || (selection.lasso.length && !gd.__qlModes.includes("lasso"))) return;
        gd.__qlSet("selection", selection);
      });
      const clear = () => {
        gd.__qlSet("selection", EMPTY());
        setTimeout(() => window.Plotly.restyle(gd, { selectedpoints: [null] }), 50);
      };
      gd.on("plotly_deselect", clear);
      gd.on("plotly_doubleclick", clear);
      gd.on("plotly_relayout", (change) => {
        const mode = change && change.dragmode;
        if (!mode || !gd.__qlModes.length) return;
        const click = mode === "select" || mode === "lasso" ? "event" : gd.__qlModes.includes("points") ? "event+select" : "none";
        if (gd.layout.clickmode !== click) window.Plotly.relayout(gd, { clickmode: click });
      });
    });
    gd.__qlModes = modes;
    if (!gd.__qlResize && window.ResizeObserver) {
      // The chart follows its column's width, as Streamlit's own chart does (the sidebar opens or closes).
      gd.__qlResize = new ResizeObserver(() => {
        const width = Math.max(parentElement.clientWidth || 0, 150);
        if (gd._fullLayout && Math.abs(gd._fullLayout.width - width) > 1) window.Plotly.relayout(gd, { width });
      });
      gd.__qlResize.observe(parentElement);
    }
  });
  return () => {};
}
