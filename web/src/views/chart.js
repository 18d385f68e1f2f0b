// uPlot charts with a data table beside them (the table is what screen readers use).
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { html } from '../lib.js';

// series: [{label, values, color, bars}]; x: dates (YYYY-MM-DD).
export function Chart({ id, title, x, series, height = 220 }) {
  const box = useRef(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const xs = x.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
    const bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.35, 40], gap: 2 }) : undefined;
    const opts = {
      width: Math.max(240, el.clientWidth),
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [{ stroke: '#333' }, { stroke: '#333' }],
      series: [{}, ...series.map((s, i) => ({
        label: s.label,
        stroke: s.color,
        width: 2,
        fill: s.bars ? s.color : undefined,
        paths: s.bars ? bars : undefined,
        points: { show: !s.bars },
      }))],
    };
    const plot = new uPlot(opts, [xs, ...series.map((s) => s.values)], el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(240, el.clientWidth), height }));
    ro.observe(el);
    return () => { ro.disconnect(); plot.destroy(); };
  }, [JSON.stringify(x), JSON.stringify(series.map((s) => s.values))]);
  return html`
    <figure class="chart" aria-labelledby=${`${id}-title`}>
      <figcaption id=${`${id}-title`}>${title}</figcaption>
      <ul class="legend" aria-hidden="true">
        ${series.map((s) => html`<li><span class="swatch" style=${{ background: s.color }}></span>${s.label}</li>`)}
      </ul>
      <div class="plot" ref=${box} role="img" aria-label=${`${title}: chart; the data table follows`}></div>
      <details>
        <summary>Data table</summary>
        <table>
          <caption class="sr-only">${title}</caption>
          <thead><tr><th scope="col">Week of</th>${series.map((s) => html`<th scope="col">${s.label}</th>`)}</tr></thead>
          <tbody>${x.map((d, i) => html`<tr><th scope="row">${d}</th>${series.map((s) => html`<td>${s.values[i]}</td>`)}</tr>`)}</tbody>
        </table>
      </details>
    </figure>`;
}
