/** CSV export of the Data Inventory with the list's current filters (the ones the export module supports). */
import React, { useState } from 'react';
import type { ActionProps } from 'adminjs';
import { Box, Button, CheckBox, H3, Label, Text } from '@adminjs/design-system';

/** List filter → export filter. */
const mapping: Record<string, string> = { 'filters.issue_date~~from': 'from', 'filters.issue_date~~to': 'to', 'filters.category': 'category', 'filters.scope': 'scope', 'filters.status': 'status' };

export default function ExportCsv(_props: ActionProps) {
  const [excel, setExcel] = useState(false);
  const list = new URLSearchParams(window.location.search);
  const query = new URLSearchParams();
  const unsupported: string[] = [];
  list.forEach((value, key) => {
    if (!key.startsWith('filters.')) return;
    const target = mapping[key];
    if (target) query.set(target, value.slice(0, target === 'from' || target === 'to' ? 10 : undefined));
    else unsupported.push(key.slice('filters.'.length));
  });
  if (excel) query.set('excel', 'true');
  const href = `/admin/export/inventory.csv${query.size ? `?${query}` : ''}`;
  return (
    <Box p="xl" bg="white" data-testid="export-csv">
      <H3>Export the Data Inventory as CSV</H3>
      <Text mb="lg">Filters: {query.size ? [...query.entries()].filter(([k]) => k !== 'excel').map(([k, v]) => `${k} = ${v}`).join(', ') || 'none' : 'none (all lines)'}</Text>
      {unsupported.length > 0 && <Text mb="lg" color="error" data-testid="unsupported">The export cannot filter on {unsupported.join(', ')}: clear these filters to export.</Text>}
      <Box mb="lg" flex alignItems="center">
        <CheckBox id="excel" checked={excel} onChange={() => setExcel(!excel)} />
        <Label inline htmlFor="excel" ml="default">For Excel (Turkish locale: semicolons, BOM)</Label>
      </Box>
      <Button as="a" href={unsupported.length ? undefined : href} variant="contained" data-testid="download" disabled={unsupported.length > 0}>Download CSV</Button>
    </Box>
  );
}
