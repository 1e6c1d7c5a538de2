/** Results: counters, t CO2e per month by scope and by category (stacked bars), spend- vs activity-based share. */
import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, H2, H4, Text } from '@adminjs/design-system';

interface Point { month: string; key: string; t: number }
interface Data {
  counters: { integrations: number; lines: number; awaitingReview: number; t: number };
  byScope: Point[];
  byCategory: Point[];
  methods: { method: string; t: number; lines: number }[];
}

const api = new ApiClient();
const palette = ['#3040d6', '#f0616f', '#21b69a', '#f5a623', '#8e44ad', '#16a085', '#d35400', '#7f8c8d', '#2c3e50', '#c0392b'];
const fmt = (t: number) => t.toLocaleString(undefined, { maximumFractionDigits: 1 });

function StackedBars({ points, label, testId }: { points: Point[]; label: (key: string) => string; testId: string }) {
  const months = [...new Set(points.map((p) => p.month))];
  const keys = [...new Set(points.map((p) => p.key))];
  const totals = months.map((m) => points.filter((p) => p.month === m).reduce((s, p) => s + p.t, 0));
  const max = Math.max(...totals, 1e-9);
  return (
    <Box data-testid={testId}>
      <svg width={Math.max(months.length * 36, 200)} height={180} role="img">
        {months.map((month, i) => {
          let y = 160;
          return (
            <g key={month}>
              {keys.map((key, k) => {
                const value = points.find((p) => p.month === month && p.key === key)?.t ?? 0;
                const h = (value / max) * 150;
                y -= h;
                return <rect key={key} x={i * 36 + 4} y={y} width={28} height={h} fill={palette[k % palette.length]}><title>{`${month} · ${label(key)}: ${fmt(value)} t CO2e`}</title></rect>;
              })}
              <text x={i * 36 + 18} y={175} fontSize={9} textAnchor="middle">{month.slice(2)}</text>
            </g>
          );
        })}
      </svg>
      <Box flex flexWrap="wrap">{keys.map((key, k) => <Text key={key} variant="sm" mr="lg"><span style={{ color: palette[k % palette.length] }}>■</span> {label(key)}</Text>)}</Box>
    </Box>
  );
}

export default function Dashboard() {
  const [data, setData] = useState<Data | null>(null);
  useEffect(() => {
    void api.getDashboard<Data>().then((response) => setData(response.data));
  }, []);
  if (!data) return <Box p="xl"><Text>Loading…</Text></Box>;
  const totalT = data.methods.reduce((s, m) => s + m.t, 0) || 1;
  const counters: [string, string][] = [
    ['connected integrations', String(data.counters.integrations)], ['inventory lines', data.counters.lines.toLocaleString()],
    ['t CO2e calculated', fmt(data.counters.t)], ['lines awaiting review', data.counters.awaitingReview.toLocaleString()],
  ];
  return (
    <Box p="xl" data-testid="dashboard">
      <H2>Results</H2>
      <Box flex flexWrap="wrap" mb="xl">
        {counters.map(([label, value]) => <Box key={label} bg="white" p="lg" mr="lg" mb="lg" data-testid={`counter-${label.replace(/\W+/g, '-')}`}><H4>{value}</H4><Text>{label}</Text></Box>)}
      </Box>
      <Box bg="white" p="lg" mb="lg"><H4>t CO2e by scope, per month</H4><StackedBars points={data.byScope} label={(k) => (k === 'none' ? 'no scope' : `Scope ${k}`)} testId="by-scope" /></Box>
      <Box bg="white" p="lg" mb="lg"><H4>t CO2e by category, per month</H4><StackedBars points={data.byCategory} label={(k) => k.replace(/_/g, ' ')} testId="by-category" /></Box>
      <Box bg="white" p="lg" data-testid="methods">
        <H4>Spend-based vs activity-based</H4>
        {data.methods.map((m) => <Text key={m.method}>{m.method}-based: {fmt(m.t)} t CO2e ({Math.round((m.t / totalT) * 100)}%), {m.lines.toLocaleString()} lines</Text>)}
      </Box>
    </Box>
  );
}
