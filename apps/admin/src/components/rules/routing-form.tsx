'use client';
// Routing: routes in match order (drag to reorder), each a channel priority list;
// failover policy and scoring weights.
import { Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { CHANNEL_RESULT_CLASSES } from '@repay/rules/vocabulary';
import { useT } from '@/i18n';
import { AddButton, RemovableCard } from '@/components/kit';
import { useEnumOptions } from '@/lib/options';
import { ConditionsField, emptyToUndefined } from './fields';
import { SortableRow, SortableRows } from './sortable';

export function RoutingForm() {
  const t = useT();
  const classes = useEnumOptions('resultClass', CHANNEL_RESULT_CLASSES).filter(
    (o) => o.value !== 'success',
  );
  return (
    <>
      <Card size="small" title={t('rules.routing.routes')} style={{ marginBottom: 12 }}>
        <Typography.Paragraph type="secondary">{t('rules.routing.fallback')}</Typography.Paragraph>
        <Form.List name="routes">
          {(fields, { add, remove, move }) => (
            <>
              <SortableRows ids={fields.map((f) => f.key)} onMove={move}>
                {fields.map((field) => (
                  <SortableRow key={field.key} id={field.key} label={t('rules.routing.routes')}>
                    <RemovableCard onRemove={() => remove(field.name)}>
                      <Space wrap align="start">
                        <Form.Item name={[field.name, 'name']} label={t('rules.routing.routeName')}>
                          <Input style={{ width: 160 }} />
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'channels']}
                          label={t('rules.routing.channels')}
                        >
                          <Select
                            mode="tags"
                            style={{ minWidth: 260 }}
                            tokenSeparators={[',', ' ']}
                          />
                        </Form.Item>
                        <Form.Item
                          normalize={emptyToUndefined}
                          name={[field.name, 'maxAmount']}
                          label={t('rules.routing.maxAmount')}
                        >
                          <Input style={{ width: 120 }} />
                        </Form.Item>
                      </Space>
                      <ConditionsField name={[field.name, 'conditions']} />
                    </RemovableCard>
                  </SortableRow>
                ))}
              </SortableRows>
              <AddButton
                label={t('rules.add')}
                onAdd={() => add({ name: '', channels: ['sandbox-a'] }, 0)}
              />
            </>
          )}
        </Form.List>
      </Card>
      <Card size="small" title={t('rules.routing.failover')} style={{ marginBottom: 12 }}>
        <Form.Item name={['failover', 'onClasses']} label={t('rules.routing.onClasses')}>
          <Select mode="multiple" options={classes} />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name={['failover', 'minSuccessRate']}
            label={t('rules.routing.minSuccessRate')}
          >
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item
            name={['failover', 'errorBurst', 'count']}
            label={t('rules.routing.burstCount')}
          >
            <InputNumber min={1} max={1000} precision={0} />
          </Form.Item>
          <Form.Item
            name={['failover', 'errorBurst', 'seconds']}
            label={t('rules.routing.burstSeconds')}
          >
            <InputNumber min={1} max={3600} precision={0} />
          </Form.Item>
        </Space>
      </Card>
      <Card size="small" title={t('rules.routing.scoring')}>
        <Space wrap>
          <Form.Item name={['scoring', 'priority']} label={t('rules.routing.wPriority')}>
            <Input style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name={['scoring', 'successRate']} label={t('rules.routing.wSuccess')}>
            <Input style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name={['scoring', 'cost']} label={t('rules.routing.wCost')}>
            <Input style={{ width: 90 }} />
          </Form.Item>
        </Space>
      </Card>
    </>
  );
}
