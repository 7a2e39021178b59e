// ECharts horizontal bar chart of activity counts per sector (summary?by=sector), sorted, with
// sector names in the current language. Clicking a bar asks the page to filter by that sector.
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { ApiError, SectorRef, Summary } from '../api';
import { h } from '../dom';
import { fmtNumber, t } from '../i18n';

echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

export type ChartState =
  | { kind: 'loading' }
  | { kind: 'ready'; summary: Summary; selected: string }
  | { kind: 'error'; error: ApiError };

export interface ChartOptions {
  sectorName(sector: SectorRef): string;
  onSector(code: string): void;
}

export interface SectorChart {
  element: HTMLElement;
  render(state: ChartState): void;
  destroy(): void;
}

const BAR = '#1f8fd6';
const BAR_DIM = '#b9d7ee';
const BAR_HEIGHT = 30;

interface Bar {
  code: string;
  name: string;
  count: number;
}

export function createSectorChart(options: ChartOptions): SectorChart {
  const canvas = h('div', { class: 'chart-canvas', role: 'img', 'aria-label': t('chart.label'), 'data-testid': 'sector-chart' });
  const overlay = h('div', { class: 'chart-overlay', hidden: true });
  const note = h('p', { class: 'card-footer muted' }, t('chart.hint'));
  const element = h(
    'section',
    { class: 'card chart-card', 'aria-labelledby': 'chart-title' },
    h('div', { class: 'card-header' }, h('h2', { id: 'chart-title', class: 'card-title' }, t('chart.title'))),
    h('div', { class: 'chart-wrap' }, canvas, overlay),
    note,
  );

  const chart = echarts.init(canvas, undefined, { renderer: 'svg' });
  let bars: Bar[] = [];
  chart.on('click', (event) => {
    const bar = bars[event.dataIndex];
    if (bar && bar.code) options.onSector(bar.code);
  });
  let last: { summary: Summary; selected: string } | null = null;
  let lastWidth = 0;
  // Label width depends on the chart's width, so a real width change redraws rather than scales.
  const resize = new ResizeObserver(() => {
    if (last && Math.abs(canvas.clientWidth - lastWidth) > 40) draw(last.summary, last.selected);
    else chart.resize();
  });
  resize.observe(canvas);

  function showOverlay(text: string | null, kind = '') {
    overlay.hidden = text === null;
    overlay.className = `chart-overlay ${kind}`.trim();
    overlay.textContent = text ?? '';
  }

  function draw(summary: Summary, selected: string) {
    last = { summary, selected };
    lastWidth = canvas.clientWidth;
    const labelWidth = Math.round(Math.min(190, Math.max(90, lastWidth * 0.38)));
    bars = summary.items
      .map((group) => ({
        code: group.sector?.code ?? '',
        name: group.sector ? options.sectorName(group.sector) : t('chart.noSector'),
        count: group.count,
      }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    element.dataset.bars = String(bars.length);
    note.textContent = selected ? t('chart.otherFilters') : t('chart.hint');
    showOverlay(bars.length ? null : t('chart.empty'));
    if (!bars.length) return chart.clear();
    // Grow the chart with the number of sectors so labels never overlap.
    canvas.style.height = `${Math.max(420, bars.length * BAR_HEIGHT + 40)}px`;
    chart.resize();
    chart.setOption(
      {
        animationDuration: 300,
        grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          valueFormatter: (value: unknown) => fmtNumber(Number(value)),
        },
        // Each bar carries its value, so the value axis needs no labels (they collide when narrow).
        xAxis: { type: 'value', axisLabel: { show: false }, splitLine: { lineStyle: { color: '#eef1f4' } } },
        yAxis: {
          type: 'category',
          inverse: true,
          data: bars.map((bar) => bar.name),
          axisTick: { show: false },
          axisLine: { lineStyle: { color: '#c5cdd6' } },
          axisLabel: { color: '#2b3640', width: labelWidth, overflow: 'break', lineHeight: 14, fontSize: 12 },
        },
        series: [
          {
            type: 'bar',
            name: t('chart.series'),
            barMaxWidth: 20,
            cursor: 'pointer',
            data: bars.map((bar) => ({
              value: bar.count,
              itemStyle: { color: !selected || bar.code === selected ? BAR : BAR_DIM, borderRadius: [0, 3, 3, 0] },
            })),
            label: { show: true, position: 'right', color: '#4a5560', formatter: (p: { value: unknown }) => fmtNumber(Number(p.value)) },
          },
        ],
      },
      { notMerge: true },
    );
  }

  function render(state: ChartState) {
    element.dataset.state = state.kind;
    element.setAttribute('aria-busy', String(state.kind === 'loading'));
    if (state.kind === 'loading') return;
    if (state.kind === 'error') {
      chart.clear();
      showOverlay(t('chart.error', { detail: state.error.detail }), 'chart-overlay-error');
      return;
    }
    draw(state.summary, state.selected);
  }

  return {
    element,
    render,
    destroy() {
      resize.disconnect();
      chart.dispose();
    },
  };
}
