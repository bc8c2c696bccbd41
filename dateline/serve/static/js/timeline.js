// Events per day, stacked by type (uPlot bars). Drag selects a date range, a click selects
// one day, a double click resets; the owner turns the selection into date filters.
import { clear, dayToSeconds, el, secondsToDay, typeColour } from "./util.js";

const DAY = 86400;
const DAY_INCRS = [1, 2, 7, 14, 28, 91, 182, 364].map((d) => d * DAY);

/** days [{day, type, n}] -> {xs, types, counts: {type: number[]}} over every day in the range. */
export function dailySeries(days) {
  if (!days.length) return { xs: [], types: [], counts: {} };
  const secs = days.map((d) => dayToSeconds(d.day));
  // One empty day either side, and at least a week shown so a single day is not one huge bar.
  const pad = Math.max(1, Math.ceil((7 - (Math.max(...secs) - Math.min(...secs)) / DAY) / 2));
  const first = Math.min(...secs) - pad * DAY;
  const last = Math.max(...secs) + pad * DAY;
  const xs = [];
  for (let t = first; t <= last; t += DAY) xs.push(t);
  const totals = {};
  for (const d of days) totals[d.type] = (totals[d.type] || 0) + d.n;
  const types = Object.keys(totals).sort((a, b) => totals[b] - totals[a] || a.localeCompare(b));
  const counts = Object.fromEntries(types.map((t) => [t, xs.map(() => 0)]));
  for (const d of days) counts[d.type][(dayToSeconds(d.day) - first) / DAY] += d.n;
  return { xs, types, counts };
}

/** Axis labels: the full date first and where the year changes, month-day elsewhere. */
function dayLabels(u, splits) {
  return splits.map((v, i) => {
    const day = secondsToDay(v);
    return i === 0 || day.slice(0, 4) !== secondsToDay(splits[i - 1]).slice(0, 4) ? day : day.slice(5);
  });
}

/**
 * Draw into `container`. options: {height, selected: [from, to] | null,
 * onSelect(from, to), onReset()}; without onSelect the chart only shows.
 * Returns the uPlot instance (or null when there is nothing to draw), with an added
 * showRange([from, to] | null) that marks a selection without calling onSelect.
 */
export function renderTimeline(container, days, options = {}) {
  clear(container);
  const { xs, types, counts } = dailySeries(days);
  if (!xs.length) {
    container.append(el("p", { class: "muted" }, "No dated events for these filters."));
    return null;
  }
  // Stack: series k is the sum of types 0..k; drawn from the tallest down so each visible
  // band is one type. The legend shows each type's own count.
  const stacked = [];
  let running = xs.map(() => 0);
  for (const t of types) {
    running = running.map((v, i) => v + counts[t][i]);
    stacked.push(running);
  }
  const order = types.map((_, k) => k).reverse();
  const bars = uPlot.paths.bars({ size: [0.8, 48] });
  const series = [
    { label: "day", value: (u, v) => (v == null ? "" : secondsToDay(v)) },
    ...order.map((k) => ({
      label: types[k],
      fill: typeColour(types[k]),
      stroke: typeColour(types[k]),
      width: 0,
      paths: bars,
      points: { show: false },
      value: (u, v, si, i) => (i == null ? "" : counts[types[k]][i]),
    })),
  ];
  const data = [xs, ...order.map((k) => stacked[k])];
  const selectable = typeof options.onSelect === "function";
  const opts = {
    width: Math.max(320, container.clientWidth || 900),
    height: options.height || 170,
    series,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
    scales: { x: { time: true } },
    axes: [
      { space: 80, incrs: DAY_INCRS, values: dayLabels },
      { size: 40, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] },
    ],
    cursor: { drag: { x: selectable, y: false, setScale: false }, points: { show: false } },
    select: { show: selectable },
    legend: { live: true },
    hooks: {
      // The x range in unix seconds, for tests and tools that point at a day.
      draw: [
        (u) => {
          container.dataset.xMin = String(u.scales.x.min);
          container.dataset.xMax = String(u.scales.x.max);
        },
      ],
    },
  };
  let chart = null;
  const toRange = (left, width) => {
    const lo = chart.posToVal(left, "x");
    const hi = chart.posToVal(left + width, "x");
    // the days whose bar centre (midnight UTC) lies inside the selection
    let from = Math.ceil(lo / DAY) * DAY;
    let to = Math.floor(hi / DAY) * DAY;
    if (from > to) from = to = Math.round((lo + hi) / 2 / DAY) * DAY;
    return [secondsToDay(from), secondsToDay(to)];
  };
  const showRange = (from, to) => {
    const left = chart.valToPos(dayToSeconds(from) - DAY / 2, "x");
    const right = chart.valToPos(dayToSeconds(to) + DAY / 2, "x");
    chart.setSelect({ left, width: right - left, top: 0, height: chart.over.clientHeight }, false);
  };
  const hideRange = () => chart.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
  if (selectable) {
    opts.hooks.setSelect = [
      (u) => {
        if (u.select.width < 3) return;
        const [from, to] = toRange(u.select.left, u.select.width);
        showRange(from, to);
        options.onSelect(from, to);
      },
    ];
    opts.hooks.ready = [
      (u) => {
        if (options.selected) showRange(options.selected[0], options.selected[1]);
        let downX = null;
        u.over.addEventListener("mousedown", (ev) => {
          downX = ev.clientX;
        });
        u.over.addEventListener("click", (ev) => {
          if (downX === null || Math.abs(ev.clientX - downX) > 3) return;
          const idx = u.cursor.idx;
          if (idx == null) return;
          const day = secondsToDay(xs[idx]);
          showRange(day, day);
          options.onSelect(day, day);
        });
        u.over.addEventListener("dblclick", () => {
          hideRange();
          if (options.onReset) options.onReset();
        });
      },
    ];
  }
  chart = new uPlot(opts, data, container);
  chart.showRange = (range) => (range ? showRange(range[0], range[1]) : hideRange());
  return chart;
}
