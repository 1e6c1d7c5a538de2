/** A line's origin: the invoice, its other lines, the calculation step by step, and the raw XML. */
import React, { useEffect, useState } from 'react';
import { ApiClient, type ActionProps } from 'adminjs';
import { Box, Button, H3, H4, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';

interface Origin {
  line: { id: string; lineNo: number; description: string; category: string; kgCo2e: string | null; method: string | null; calculation: unknown };
  invoice: { id: string; number: string | null; ettn: string; issueDate: string; supplier: string | null; supplierVkn: string; currency: string; payable: string };
  lines: { id: string; line_no: number; description: string; quantity: string | null; unit: string | null; net_amount: string; currency: string; category: string; kg_co2e: string | null; status: string }[];
  factor: { key: string; edition: string; unit: string; value: string; source: string; licence: string } | null;
  source: { provider: string; ettn: string; version: number; sha256: string; receivedAt: string; xml: string } | null;
}

const api = new ApiClient();

export default function DrillDown({ record, resource }: ActionProps) {
  const [showXml, setShowXml] = useState(false);
  const [showRendered, setShowRendered] = useState(false);
  const [data, setData] = useState<Origin | null>(null);
  useEffect(() => {
    if (!record) return;
    void api.recordAction({ resourceId: resource.id, recordId: String(record.id), actionName: 'drillDown' })
      .then((response) => setData((response.data as { origin?: Origin }).origin ?? null));
  }, [record?.id]);
  if (!data) return <Box p="xl"><Text>Loading…</Text></Box>;
  const { invoice, line, factor, source } = data;
  return (
    <Box p="xl" bg="white" data-testid="drill-down">
      <H3>Invoice {invoice.number ?? invoice.ettn}</H3>
      <Text>ETTN {invoice.ettn} · {invoice.issueDate} · {invoice.supplier} ({invoice.supplierVkn}) · {invoice.payable} {invoice.currency}</Text>
      <H4 mt="xl">Lines of this invoice</H4>
      <Table data-testid="invoice-lines">
        <TableHead><TableRow><TableCell>#</TableCell><TableCell>Description</TableCell><TableCell>Quantity</TableCell><TableCell>Amount</TableCell><TableCell>Category</TableCell><TableCell>kg CO2e</TableCell><TableCell>Status</TableCell></TableRow></TableHead>
        <TableBody>
          {data.lines.map((l) => (
            <TableRow key={l.id} style={l.id === line.id ? { fontWeight: 'bold' } : undefined}>
              <TableCell>{l.line_no}</TableCell><TableCell>{l.description}</TableCell><TableCell>{l.quantity ?? ''} {l.unit ?? ''}</TableCell>
              <TableCell>{l.net_amount} {l.currency}</TableCell><TableCell>{l.category}</TableCell><TableCell>{l.kg_co2e ?? ''}</TableCell><TableCell>{l.status}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <H4 mt="xl">Calculation</H4>
      {factor ? <Text data-testid="factor">Factor {factor.key} = {factor.value} {factor.unit} · {factor.source} · edition {factor.edition} · {factor.licence}</Text> : <Text>No factor: the line is not calculated ({line.category}).</Text>}
      <pre data-testid="calculation" style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}>{JSON.stringify(line.calculation, null, 2)}</pre>
      <H4 mt="xl">Source document</H4>
      {source ? (
        <>
          <Text>{source.provider} · version {source.version} · received {source.receivedAt} · SHA-256 {source.sha256}</Text>
          <Button mt="md" variant="outlined" data-testid="show-xml" onClick={() => setShowXml(!showXml)}>{showXml ? 'Hide' : 'Show'} raw XML</Button>
          {showXml && <pre data-testid="raw-xml" style={{ whiteSpace: 'pre-wrap', fontSize: 11, maxHeight: 480, overflow: 'auto' }}>{source.xml}</pre>}
          <Button mt="md" ml="md" variant="outlined" data-testid="show-rendered" onClick={() => setShowRendered(!showRendered)}>{showRendered ? 'Hide' : 'Show'} the invoice as its supplier rendered it</Button>
          {showRendered && <iframe data-testid="rendered-invoice" title="rendered invoice" sandbox="" src={`/admin/invoice/${line.id}/rendered`} style={{ width: '100%', height: 640, border: '1px solid #ccc', marginTop: 12 }} />}
        </>
      ) : <Text>The source document is not stored.</Text>}
    </Box>
  );
}
