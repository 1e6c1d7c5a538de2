/** The Integrations page: overview, one card per provider, the ⋮ menu, the connect side panel; polls while open. */
import React, { useCallback, useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Badge, Box, Button, Drawer, DrawerContent, DrawerFooter, H2, H3, H4, Input, Label, MessageBox, Text } from '@adminjs/design-system';

interface Field { name: string; label: string; secret: boolean }
interface Progress { share: number | null; documents: number; lines: number; pages: number }
interface Card {
  provider: string; name: string; description: string; fields: Field[]; id: string | null; status: string; startDate: string | null;
  lastSuccessfulSyncAt: string | null; lastError: string | null; recordsImported: number; recordsThisMonth: number; responsible: string | null; progress: Progress | null;
}
interface PageData { may: { connect: boolean; operate: boolean }; overview: { connected: number; recordsImported: number }; cards: Card[]; error?: string }
interface ActionAnswer { ok?: boolean; error?: string; result?: unknown }

const api = new ApiClient();
const badgeVariant: Record<string, 'success' | 'danger' | 'info' | 'secondary' | 'primary'> = { Connected: 'success', Error: 'danger', Syncing: 'info', Paused: 'secondary', 'Not Connected': 'primary' };
const OLD_START_DAYS = 365;

function hoverText(card: Card): string {
  const last = card.lastSuccessfulSyncAt ? new Date(card.lastSuccessfulSyncAt).toLocaleString() : 'never';
  return `Last successful sync: ${last}\nRecords imported this month: ${card.recordsThisMonth}\nResponsible: ${card.responsible ?? '—'}${card.lastError ? `\nLast error: ${card.lastError}` : ''}`;
}

function ProgressLine({ progress }: { progress: Progress }) {
  const share = progress.share === null ? '…' : `${Math.round(progress.share * 100)}%`;
  return <Text data-testid="progress" variant="sm" mt="sm">Importing: {share} of the range · {progress.documents} documents · {progress.lines} lines</Text>;
}

export default function Integrations() {
  const [data, setData] = useState<PageData | null>(null);
  const [message, setMessage] = useState<{ text: string; variant: 'danger' | 'success' } | null>(null);
  const [menu, setMenu] = useState<string | null>(null);
  const [panel, setPanel] = useState<{ card: Card; mode: 'connect' | 'edit' } | null>(null);
  const [form, setForm] = useState<Record<string, string>>({});
  const [startDate, setStartDate] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const response = await api.getPage<PageData>({ pageName: 'integrations' });
    setData(response.data);
  }, []);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 2000);
    return () => clearInterval(timer);
  }, [load]);

  async function act(body: Record<string, unknown>, done: string): Promise<boolean> {
    setBusy(true);
    try {
      const response = await api.getPage<ActionAnswer>({ pageName: 'integrations', method: 'post', data: body });
      if (response.data.error) {
        setMessage({ text: response.data.error, variant: 'danger' });
        return false;
      }
      setMessage({ text: done, variant: 'success' });
      await load();
      return true;
    } finally {
      setBusy(false);
    }
  }

  function openPanel(card: Card, mode: 'connect' | 'edit') {
    setMenu(null);
    setMessage(null);
    setForm({});
    setStartDate(card.startDate ?? new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10));
    setPanel({ card, mode });
  }

  async function submitPanel() {
    if (!panel) return;
    const { card, mode } = panel;
    const filled = Object.fromEntries(Object.entries(form).filter(([, v]) => v !== ''));
    const ok = mode === 'connect'
      ? await act({ action: 'connect', provider: card.provider, startDate, credentials: filled }, `${card.name} connected: the first import is running`)
      : await act({ action: 'edit', integrationId: card.id, startDate, ...(Object.keys(filled).length ? { credentials: filled } : {}) }, `${card.name} saved`);
    if (ok) setPanel(null);
  }

  if (!data) return <Box p="xl"><Text>Loading…</Text></Box>;
  if (data.error) return <Box p="xl"><MessageBox variant="danger" message={data.error} /></Box>;
  const oldStart = startDate !== '' && Date.now() - new Date(startDate).getTime() > OLD_START_DAYS * 86_400_000;

  return (
    <Box p="xl" data-testid="integrations-page">
      <H2>Integrations</H2>
      <Box flex flexDirection="row" mb="xl">
        <Box bg="white" p="lg" mr="lg" data-testid="overview-connected"><H4>{data.overview.connected}</H4><Text>connected integrations</Text></Box>
        <Box bg="white" p="lg" data-testid="overview-records"><H4>{data.overview.recordsImported.toLocaleString()}</H4><Text>records collected in total</Text></Box>
      </Box>
      {message && !panel && <MessageBox mb="lg" variant={message.variant} message={message.text} onCloseClick={() => setMessage(null)} data-testid="page-message" />}
      <Box flex flexDirection="row" flexWrap="wrap">
        {data.cards.map((card) => {
          const connected = card.status !== 'Not Connected';
          return (
            <Box key={card.provider} bg="white" p="lg" mr="lg" mb="lg" width={320} data-testid={`card-${card.provider}`} style={{ position: 'relative' }}>
              <Box flex justifyContent="space-between" alignItems="center">
                <H3 mb="sm">{card.name}</H3>
                {connected && (data.may.operate || data.may.connect) && <Button size="icon" variant="text" aria-label="menu" data-testid="menu" onClick={() => setMenu(menu === card.provider ? null : card.provider)}>⋮</Button>}
              </Box>
              <Text variant="sm" mb="md">{card.description}</Text>
              <span title={hoverText(card)} data-testid="status"><Badge variant={badgeVariant[card.status] ?? 'primary'}>{card.status}</Badge></span>
              <Text variant="sm" mt="sm" data-testid="records">{card.recordsImported.toLocaleString()} records imported</Text>
              {card.progress && <ProgressLine progress={card.progress} />}
              {card.lastError && card.status === 'Error' && <Text variant="sm" color="error" mt="sm">{card.lastError}</Text>}
              <Box mt="lg">
                {!connected && data.may.connect && <Button variant="contained" data-testid="connect" onClick={() => openPanel(card, 'connect')}>Connect</Button>}
                {connected && data.may.connect && (
                  <Button variant="outlined" color="danger" data-testid="disconnect" disabled={busy}
                    onClick={() => window.confirm(`Disconnect ${card.name}? Its stored credentials are erased; the data already imported stays.`) && void act({ action: 'disconnect', integrationId: card.id }, `${card.name} disconnected; its data stays`)}>Disconnect</Button>
                )}
              </Box>
              {menu === card.provider && (
                <Box bg="white" p="sm" data-testid="menu-items" style={{ position: 'absolute', right: 8, top: 48, boxShadow: '0 2px 8px rgba(0,0,0,.2)', zIndex: 5 }}>
                  {data.may.connect && <Button variant="text" size="sm" display="block" onClick={() => openPanel(card, 'edit')}>Edit</Button>}
                  {data.may.operate && card.status === 'Paused' && <Button variant="text" size="sm" display="block" onClick={() => { setMenu(null); void act({ action: 'resume', integrationId: card.id }, `${card.name} resumed`); }}>Resume</Button>}
                  {data.may.operate && card.status !== 'Paused' && <Button variant="text" size="sm" display="block" onClick={() => { setMenu(null); void act({ action: 'pause', integrationId: card.id }, `${card.name} paused`); }}>Pause</Button>}
                  {data.may.operate && <Button variant="text" size="sm" display="block" onClick={() => { setMenu(null); void act({ action: 'testConnection', integrationId: card.id }, `${card.name} accepted the stored credentials`); }}>Test connection</Button>}
                  {data.may.operate && <Button variant="text" size="sm" display="block" onClick={() => { setMenu(null); void act({ action: 'syncNow', integrationId: card.id }, `${card.name}: sync queued`); }}>Sync now</Button>}
                </Box>
              )}
            </Box>
          );
        })}
      </Box>
      {panel && (
        <Drawer isHidden={false} data-testid="connect-panel">
          <DrawerContent>
            <H3>{panel.mode === 'connect' ? 'Connect' : 'Edit'} {panel.card.name}</H3>
            {panel.card.fields.map((field) => (
              <Box key={field.name} mb="lg">
                <Label htmlFor={`field-${field.name}`}>{field.label}</Label>
                <Input id={`field-${field.name}`} name={field.name} width={1} type={field.secret ? 'password' : 'text'} autoComplete="off"
                  placeholder={panel.mode === 'edit' ? 'unchanged' : ''} value={form[field.name] ?? ''} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [field.name]: e.target.value })} />
              </Box>
            ))}
            <Box mb="lg">
              <Label htmlFor="field-startDate">Başlangıç Tarihi / Start Date</Label>
              <Input id="field-startDate" name="startDate" type="date" width={1} value={startDate} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setStartDate(e.target.value)} />
              {oldStart && <Text variant="sm" mt="sm" data-testid="old-start-warning">A start date this far back means a long first import.</Text>}
            </Box>
            <Text variant="sm">The connection is tested with the provider before anything is saved.</Text>
            {message && message.variant === 'danger' && <MessageBox mt="lg" variant="danger" message={message.text} data-testid="panel-error" />}
          </DrawerContent>
          <DrawerFooter>
            <Button variant="outlined" mr="md" onClick={() => setPanel(null)}>Cancel</Button>
            <Button variant="contained" data-testid="save" disabled={busy} onClick={() => void submitPanel()}>{busy ? 'Testing…' : panel.mode === 'connect' ? 'Test and connect' : 'Test and save'}</Button>
          </DrawerFooter>
        </Drawer>
      )}
    </Box>
  );
}
