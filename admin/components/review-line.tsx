/** Review of an inventory line: choose the category, optionally create a rule for the line's supplier. */
import React, { useState } from 'react';
import { ApiClient, useNotice, type ActionProps } from 'adminjs';
import { Box, Button, CheckBox, H3, Label, Select, Text } from '@adminjs/design-system';

const api = new ApiClient();

export default function ReviewLine({ record, resource }: ActionProps) {
  const notice = useNotice();
  const params = record?.params ?? {};
  const categories = resource.properties.category?.availableValues ?? [];
  const [category, setCategory] = useState<string>(String(params.category ?? ''));
  const [createRule, setCreateRule] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function submit() {
    const response = await api.recordAction({ resourceId: resource.id, recordId: String(record?.id), actionName: 'review', method: 'post', data: { category, createRule: String(createRule) } });
    if (response.data.notice) notice(response.data.notice);
    setDone(response.data.notice?.message ?? 'saved');
  }

  return (
    <Box p="xl" bg="white" data-testid="review-line">
      <H3>Review: {String(params.description ?? '')}</H3>
      <Text mb="lg">Supplier {String(params.supplier_name ?? '')} ({String(params.supplier_vkn ?? '')}) · now {String(params.category ?? '')} · confidence {String(params.confidence ?? '')}</Text>
      <Label>Category</Label>
      <Box mb="lg" data-testid="category-select">
        <Select inputId="review-category" value={{ value: category, label: category }} options={categories.map((c) => ({ value: c.value, label: c.label }))}
          onChange={(selected: { value: string } | null) => selected && setCategory(selected.value)} />
      </Box>
      <Box mb="lg" flex alignItems="center">
        <CheckBox id="create-rule" checked={createRule} onChange={() => setCreateRule(!createRule)} />
        <Label inline htmlFor="create-rule" ml="default">Create a rule: future lines of this supplier are {category}</Label>
      </Box>
      <Button variant="contained" data-testid="review-save" onClick={() => void submit()}>Save review</Button>
      {done && <Text mt="lg" data-testid="review-done">{done}</Text>}
    </Box>
  );
}
