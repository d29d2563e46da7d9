// The calculator page's charts, drawn with Observable Plot from startup_math's chart data.
//
// The same function draws them twice: at build time in headless Chromium for the worked
// example (hooks/calculator.py puts the result in the page, which then reads without
// JavaScript), and in the reader's browser after each calculation (calculator.js). The
// numbers come from startup_math.commands.run_charts; this file only draws them.
//
// A classic script: it defines globalThis.calculatorCharts and needs the globals d3 and Plot.

(function () {
  const WIDTH = 640;
  const HEIGHT = 320;
  const STYLE = { fontSize: "12px", fontFamily: "inherit", background: "transparent" };
  const COLORS = ["#4269d0", "#e8590c"]; // blue and orange, legible on light and dark pages

  // One image per chart for assistive technology: the plot's <svg> is an image named by
  // its aria-label, the marks inside carry no labels of their own (ARIA allows none on a
  // plain <g>), and the legend's colour swatches are decoration beside their text.
  function accessible(plot) {
    for (const group of plot.querySelectorAll("g[aria-label]")) group.removeAttribute("aria-label");
    for (const svg of plot.querySelectorAll("svg")) {
      if (svg.hasAttribute("aria-label")) svg.setAttribute("role", "img");
      else svg.setAttribute("aria-hidden", "true");
    }
    if (plot.matches("svg")) plot.setAttribute("role", "img");
    return plot;
  }

  function figure(key, title, plot) {
    accessible(plot);
    const node = document.createElement("figure");
    node.className = "calculator__chart";
    node.dataset.chart = key;
    const caption = document.createElement("figcaption");
    caption.textContent = title;
    node.append(caption, plot);
    return node;
  }

  // A dashed vertical line with a label at the top of the frame, or nothing.
  function marker(Plot, x, label, anchor) {
    if (x === null || x === undefined) return [];
    return [
      Plot.ruleX([x], { stroke: "currentColor", strokeOpacity: 0.6, strokeDasharray: "4 3" }),
      Plot.text([x], {
        x: (d) => d,
        text: () => label,
        frameAnchor: "top",
        textAnchor: anchor,
        dx: anchor === "start" ? 4 : -4,
        dy: 4,
        lineAnchor: "top",
      }),
    ];
  }

  function costChart(Plot, data, words) {
    const names = { self: words.self, api: words.api };
    const domain = data.points.some((p) => p.series === "api") ? ["self", "api"] : ["self"];
    const line = (series, curve) =>
      Plot.line(
        data.points.filter((p) => p.series === series),
        { x: "requests_per_day", y: "cost_per_month", stroke: "series", curve, strokeWidth: 2 },
      );
    const given = data.requests_per_day;
    return Plot.plot({
      width: WIDTH,
      height: HEIGHT,
      marginLeft: 70,
      marginRight: 40,
      marginBottom: 44,
      style: STYLE,
      ariaLabel: words.cost_title,
      x: { type: "log", label: words.cost_x, labelAnchor: "center", labelOffset: 38, grid: true },
      y: { type: "log", label: words.cost_y, grid: true, nice: true },
      color: { domain, range: COLORS, legend: true, tickFormat: (d) => names[d] },
      marks: [
        line("self", "step-after"),
        ...(domain.includes("api") ? [line("api", "linear")] : []),
        ...marker(Plot, data.break_even_requests_per_day, words.break_even, "start"),
        Plot.dot(
          data.points.filter((p) => given !== null && p.requests_per_day === given),
          { x: "requests_per_day", y: "cost_per_month", stroke: "series", fill: "series", r: 4 },
        ),
      ],
    });
  }

  function speedChart(Plot, data, words) {
    const names = { replica: words.per_replica, sequence: words.per_sequence };
    const limits = data.compute_bound_from === null ? [] : [data.compute_bound_from];
    return Plot.plot({
      width: WIDTH,
      height: HEIGHT,
      marginLeft: 70,
      marginRight: 40,
      marginBottom: 44,
      style: STYLE,
      ariaLabel: words.speed_title,
      x: { type: "log", base: 2, label: words.speed_x, labelAnchor: "center", labelOffset: 38, grid: true, nice: true },
      y: { type: "log", label: words.speed_y, grid: true, nice: true },
      color: {
        domain: ["replica", "sequence"],
        range: COLORS,
        legend: true,
        tickFormat: (d) => names[d],
      },
      marks: [
        Plot.line(data.points, { x: "batch", y: "tokens_per_s", stroke: "series", strokeWidth: 2 }),
        Plot.dot(
          data.points.filter((p) => p.batch === data.batch),
          { x: "batch", y: "tokens_per_s", stroke: "series", fill: "series", r: 4 },
        ),
        ...marker(Plot, data.max_batch, words.memory_full, "end"),
        ...limits.flatMap((x) => marker(Plot, x, words.compute_bound, "start")),
      ],
    });
  }

  // Both charts as <figure> elements: [cost, speed].
  function draw(Plot, charts, words) {
    return [
      figure("cost", words.cost_title, costChart(Plot, charts.cost, words)),
      figure("speed", words.speed_title, speedChart(Plot, charts.speed, words)),
    ];
  }

  globalThis.calculatorCharts = { draw };
})();
